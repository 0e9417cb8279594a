/**
 * Limits on input, in one place. Two sorts:
 *
 * - `InputLimits`, gatemap's own, which a user sets (`--max-file-size`, `--max-document-size`,
 *   `--max-objects` of `analyze` and `serve`): input past them is reported as unreadable (GM101)
 *   and skipped, before it is parsed or decoded, so that one oversized file or document costs
 *   only itself.
 * - `LIST_LIMITS`, the Gateway API CRDs' `maxItems`, which the API server enforces: an object over
 *   one is reported as one the API server rejects (GM102) and analyzed with that list cut to its
 *   first `maxItems` entries, so that the work on it stays bounded (a Route with 190,000 rules
 *   costs what one with 16 does).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */
import { finding, type Finding } from './findings.ts';
import type { KnownKind } from './kinds.ts';
import type { KubeObject } from './meta.ts';
import type { ObjectKey } from './object-key.ts';
import { isPlainObject } from './schema.ts';

/** Limits a user sets on what gatemap reads. */
export interface InputLimits {
  /** Largest file (or stdin) read, in bytes; a larger file is reported and not read. */
  readonly maxFileBytes: number;
  /**
   * Largest document, in characters of text (a byte each in ASCII): a YAML document, an item of
   * a List, or a file that is one JSON object. A larger one is reported and not parsed (nor, for
   * a List item read from JSON, decoded); the rest of its file still is.
   */
  readonly maxDocumentSize: number;
  /** Most objects read from one input (every file of `analyze`, one `serve -f` directory). */
  readonly maxObjects: number;
}

const MIB = 1024 * 1024;

/**
 * Defaults: no Kubernetes object is over 3 MiB, the API server's limit on a request body (etcd
 * stores at most 1.5 MiB); a file of 256 MiB is well past the largest dumps in use (50,000 Routes
 * with managedFields are 99 MB of JSON) and under V8's longest string (512 MiB); 500,000 objects
 * are three times the 144,000 of that dump.
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxFileBytes: 256 * MIB,
  maxDocumentSize: 3 * MIB,
  maxObjects: 500_000,
};

/**
 * How deep collections may nest in a document read by a parser that recurses (gatemap's JSON
 * reader, the full YAML parser): deeper text is reported instead. Kubernetes objects nest a few
 * dozen levels (and the analysis reads none deeper than 64); the full YAML parser overflows the
 * stack of a worker thread near 800.
 */
export const MAX_NESTING = 256;

/** `size` as people read it: bytes, KiB or MiB. */
export function formatSize(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < MIB) return `${trimmed(size / 1024)} KiB`;
  return `${trimmed(size / MIB)} MiB`;
}

function trimmed(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * A list a CRD limits: `path` from the object's root, `[]` stepping into every entry of a list
 * (`spec.rules[].matches` is the matches of each rule).
 */
export interface ListLimit {
  readonly path: string;
  readonly maxItems: number;
}

const PARENT_REFS: ListLimit = { path: 'spec.parentRefs', maxItems: 32 };
const BACKEND_REFS: ListLimit = { path: 'spec.rules[].backendRefs', maxItems: 16 };
// In every table a list comes before the lists inside it, so that those are looked for only in
// the entries that remain.
const HTTP_LIKE: readonly ListLimit[] = [
  PARENT_REFS,
  { path: 'spec.hostnames', maxItems: 16 },
  { path: 'spec.rules', maxItems: 16 },
  { path: 'spec.rules[].matches', maxItems: 64 },
  { path: 'spec.rules[].matches[].headers', maxItems: 16 },
  { path: 'spec.rules[].filters', maxItems: 16 },
  BACKEND_REFS,
  { path: 'spec.rules[].backendRefs[].filters', maxItems: 16 },
];
const HTTP_ROUTE: readonly ListLimit[] = [
  ...HTTP_LIKE,
  { path: 'spec.rules[].matches[].queryParams', maxItems: 16 },
];
const LISTENERS: readonly ListLimit[] = [
  { path: 'spec.listeners', maxItems: 64 },
  { path: 'spec.listeners[].allowedRoutes.kinds', maxItems: 8 },
  { path: 'spec.listeners[].tls.certificateRefs', maxItems: 64 },
];
const NO_LIMITS: readonly ListLimit[] = [];
/** TCPRoute, TLSRoute and UDPRoute: one rule from v1 (and TLSRoute v1alpha3), 16 before. */
const ruleLimit = (kind: KnownKind, version: string): ListLimit => ({
  path: 'spec.rules',
  maxItems: version === 'v1' || (kind === 'TLSRoute' && version === 'v1alpha3') ? 1 : 16,
});

/**
 * The `maxItems` of the Gateway API CRDs (sigs.k8s.io/gateway-api v1.6.1,
 * `config/crd/{standard,experimental}`), by kind and version. Lists below one that is itself
 * limited are checked in its first `maxItems` entries only.
 */
export function listLimits(kind: KnownKind, version: string): readonly ListLimit[] {
  switch (kind) {
    case 'HTTPRoute':
      return HTTP_ROUTE;
    case 'GRPCRoute':
      return HTTP_LIKE;
    case 'TLSRoute':
      return [
        PARENT_REFS,
        { path: 'spec.hostnames', maxItems: 1024 },
        ruleLimit(kind, version),
        BACKEND_REFS,
      ];
    case 'TCPRoute':
    case 'UDPRoute':
      return [PARENT_REFS, ruleLimit(kind, version), BACKEND_REFS];
    case 'Gateway':
      return [
        ...LISTENERS,
        { path: 'spec.addresses', maxItems: 16 },
        { path: 'spec.tls.frontend.default.validation.caCertificateRefs', maxItems: 16 },
        { path: 'spec.tls.frontend.perPort', maxItems: 64 },
        { path: 'spec.tls.frontend.perPort[].tls.validation.caCertificateRefs', maxItems: 16 },
      ];
    case 'ListenerSet':
    case 'XListenerSet':
      return LISTENERS;
    case 'ReferenceGrant':
      return [
        { path: 'spec.from', maxItems: 16 },
        { path: 'spec.to', maxItems: 16 },
      ];
    case 'BackendTLSPolicy':
      return [
        { path: 'spec.targetRefs', maxItems: 16 },
        { path: 'spec.validation.caCertificateRefs', maxItems: 8 },
        { path: 'spec.validation.subjectAltNames', maxItems: 5 },
      ];
    default:
      return NO_LIMITS;
  }
}

/** A list longer than its CRD allows: where (`spec.rules[2].matches`), how long, and the limit. */
export interface ListExcess {
  readonly field: string;
  readonly count: number;
  readonly maxItems: number;
}

/**
 * The object with every list over its limit cut to its first `maxItems` entries, and what was
 * cut; the object itself when nothing is over. Lists are copied only along the paths cut. Shapes
 * other than the schema's (a list that is not an array) are left to schema validation.
 */
export function capLists(
  object: KubeObject,
  limits: readonly ListLimit[],
): { readonly object: KubeObject; readonly excesses: readonly ListExcess[] } {
  const excesses: ListExcess[] = [];
  let capped: unknown = object;
  for (const limit of limits) {
    const walk: Walk = { steps: limit.path.split('.'), maxItems: limit.maxItems, indices: [], excesses };
    capped = capAt(capped, walk, 0);
  }
  return { object: capped as KubeObject, excesses };
}

/**
 * One limit as `capAt` walks it. The entry taken at each `[]` step is kept as an index, and the
 * field path (`spec.rules[2].matches`) is written only for a list that is cut: most objects cut
 * none, and a path per entry visited cost more than the walk itself.
 */
interface Walk {
  readonly steps: readonly string[];
  readonly maxItems: number;
  /** The index of the entry the walk is in, at each `[]` step above the current one. */
  readonly indices: number[];
  readonly excesses: ListExcess[];
}

/** `value` with the list at `steps[at..]` capped; the same value when nothing is cut below it. */
function capAt(value: unknown, walk: Walk, at: number): unknown {
  if (!isPlainObject(value)) return value;
  const { steps, maxItems } = walk;
  const step = steps[at]!;
  const each = step.endsWith('[]');
  const name = each ? step.slice(0, -2) : step;
  const inner = value[name];
  let next: unknown;
  if (at === steps.length - 1) {
    if (!Array.isArray(inner) || inner.length <= maxItems) return value;
    walk.excesses.push({ field: fieldAt(walk, at), count: inner.length, maxItems });
    next = inner.slice(0, maxItems);
  } else if (each) {
    if (!Array.isArray(inner)) return value;
    let copy: unknown[] | undefined;
    let index = -1;
    for (const entry of inner as readonly unknown[]) {
      index++;
      walk.indices[at] = index;
      const capped = capAt(entry, walk, at + 1);
      if (capped !== entry) (copy ??= [...inner])[index] = capped;
    }
    if (copy === undefined) return value;
    next = copy;
  } else {
    next = capAt(inner, walk, at + 1);
    if (next === inner) return value;
  }
  return { ...value, [name]: next };
}

/** The field path of the list at `steps[at]` where the walk is: `spec.rules[2].matches`. */
function fieldAt(walk: Walk, at: number): string {
  return walk.steps
    .slice(0, at + 1)
    .map((step, index) => (step.endsWith('[]') ? `${step.slice(0, -2)}[${walk.indices[index]}]` : step))
    .join('.');
}

/**
 * GM102 for each list of the object that was over its CRD limit (see `capLists`). Takes what it
 * reads of a decoded object, so that decoding (which cuts the lists) and this module do not
 * import each other.
 */
export function listLimitFindings(decoded: {
  readonly key: ObjectKey;
  readonly info: { readonly kind: string };
  readonly overLimit?: readonly ListExcess[] | undefined;
}): Finding[] {
  const excesses = decoded.overLimit;
  if (excesses === undefined || excesses.length === 0) return [];
  return excesses.map((excess) => listLimitFinding(decoded.key, decoded.info.kind, excess));
}

function listLimitFinding(key: ObjectKey, kind: string, excess: ListExcess): Finding {
  return finding('admission-rejected', {
    subject: key,
    field: excess.field,
    message: `${excess.field} has ${excess.count} entries; the ${kind} CRD allows at most ${excess.maxItems}. The API server rejects this ${kind}; gatemap analyzes only the first ${excess.maxItems}.`,
  });
}
