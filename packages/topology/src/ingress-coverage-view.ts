/**
 * The migration coverage of every Ingress of a graph, kept current as the cluster changes: judged
 * by the core's rules (`ingressCoverage`, against `indexServedRoutes`), turned into the summary
 * the map shows, and judged again only when something it reads changed.
 *
 * What a change re-judges: a changed Ingress, alone; a changed HTTPRoute, Gateway or ListenerSet
 * (whose analysis says what is served where), every Ingress, against one new index; a changed
 * Service, the Ingresses of its namespace (their backend edges and named ports); a changed
 * IngressClass, every Ingress (their class edges). A graph without Ingresses pays only a look at
 * the kind of each changed key.
 *
 * Cost: an index is O(Routes × matches + listeners) and is built at most once per change set;
 * judging an Ingress is a few lookups per routing key (see `ingress-coverage.ts`).
 */
import type { DecodedObject } from './decode-object.ts';
import type { ChangeSet, TopologyEngine } from './engine.ts';
import { ingressCoverage, type IngressCoverage, type PathCoverage } from './ingress-coverage.ts';
import { indexServedRoutes, type ServedRouteIndex } from './ingress-route-index.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import type { IngressCoverageSummary, UnservedIngressKey } from './protocol.ts';

/** Kinds whose analysis says what the Gateway API serves: a change re-judges every Ingress. */
const SERVING_KINDS: ReadonlySet<string> = new Set(['HTTPRoute', 'Gateway', 'ListenerSet', 'XListenerSet']);

export class IngressCoverageView {
  private readonly engine: TopologyEngine;
  /** The Ingresses of the graph by namespace, as their coverage was asked for. */
  private readonly byNamespace = new Map<string, Set<ObjectKey>>();
  private readonly summaries = new Map<ObjectKey, IngressCoverageSummary>();
  /** Built on first use after a change that makes it stale. */
  private index: ServedRouteIndex | undefined;

  constructor(engine: TopologyEngine) {
    this.engine = engine;
  }

  /** The coverage summary of an Ingress of the engine. */
  summary(object: DecodedObject<'Ingress'>): IngressCoverageSummary {
    const known = this.summaries.get(object.key);
    if (known) return known;
    this.track(object.key, true);
    const summary = toSummary(
      ingressCoverage(object.object, (this.index ??= indexServedRoutes(this.engine))),
    );
    this.summaries.set(object.key, summary);
    return summary;
  }

  /**
   * The Ingresses whose node or edges a change set may change (see the module header); their
   * coverage is forgotten, to be judged again when their nodes are built.
   */
  affected(changes: ChangeSet): ObjectKey[] {
    const out = new Set<ObjectKey>();
    let everything = false;
    const namespaces = new Set<string>();
    const visit = (key: ObjectKey): void => {
      const kind = key.slice(0, key.indexOf('/'));
      if (kind === 'Ingress') {
        out.add(key);
        this.summaries.delete(key);
        this.track(key, this.engine.object(key) !== undefined);
      } else if (SERVING_KINDS.has(kind) || kind === 'IngressClass') everything = true;
      else if (kind === 'Service') {
        const namespace = parseObjectKey(key).namespace;
        if (namespace !== undefined) namespaces.add(namespace);
      }
    };
    for (const key of changes.changed) visit(key);
    for (const key of changes.removed) visit(key);
    if (this.byNamespace.size === 0) return [...out];
    if (everything) {
      this.index = undefined;
      this.summaries.clear();
      for (const keys of this.byNamespace.values()) for (const key of keys) out.add(key);
    } else
      for (const namespace of namespaces)
        for (const key of this.byNamespace.get(namespace) ?? []) {
          this.summaries.delete(key);
          out.add(key);
        }
    return [...out];
  }

  private track(key: ObjectKey, present: boolean): void {
    const namespace = parseObjectKey(key).namespace ?? 'default';
    let keys = this.byNamespace.get(namespace);
    if (present) {
      if (!keys) this.byNamespace.set(namespace, (keys = new Set()));
      keys.add(key);
    } else if (keys) {
      keys.delete(key);
      if (keys.size === 0) this.byNamespace.delete(namespace);
    }
  }
}

/** The wire summary of a coverage judgement: counts, the state, and each key not served with why. */
function toSummary(coverage: IngressCoverage): IngressCoverageSummary {
  const unserved: UnservedIngressKey[] = [];
  for (const path of coverage.paths)
    if (!path.verdict.served) unserved.push(unservedKey(describePath(path), path.field, path.verdict));
  for (const tls of coverage.tls)
    if (!tls.verdict.served) unserved.push(unservedKey(`TLS ${tls.host}`, tls.field, tls.verdict));
  return {
    state: coverage.state,
    served: coverage.paths.length + coverage.tls.length - coverage.unserved,
    total: coverage.paths.length + coverage.tls.length,
    unserved,
  };
}

function unservedKey(
  key: string,
  field: string,
  verdict: Extract<PathCoverage['verdict'], { served: false }>,
): UnservedIngressKey {
  return {
    key,
    field,
    reason: verdict.reason,
    ...(verdict.routeReason === undefined ? {} : { routeReason: verdict.routeReason }),
    message: verdict.message,
  };
}

/** `shop.example.com/api (Prefix) → storefront:80`; `*` for every host. */
function describePath(path: PathCoverage): string {
  const target = path.backend
    ? ` → ${parseObjectKey(path.backend.service).name}${path.backend.port === undefined ? '' : `:${path.backend.port}`}`
    : '';
  const where =
    path.field === 'spec.defaultBackend'
      ? 'default backend'
      : `${path.host ?? '*'}${path.path} (${path.pathType})`;
  return `${where}${target}`;
}
