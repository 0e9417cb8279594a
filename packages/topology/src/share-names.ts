/**
 * The names a share link may read, and the one step that every value sent to it passes through
 * (nodes, edges, findings, predicted and reported conditions, object details and their YAML).
 *
 * Two layers. Messages gatemap writes carry `mentions`: the objects they name and the words that
 * name them; a mention of an object the link cannot see has its words replaced by what the object
 * is ("a GRPCRoute of another namespace", "a listener of a ListenerSet of another namespace") and
 * is itself dropped. Then, for text gatemap did not write (a controller's status messages) and as
 * a guard against a mention forgotten, every `namespace/name` in any string that names something
 * in a namespace of the cluster the link may not read is replaced alike. The second layer cannot
 * see bare names ("listener web"); the first is what keeps gatemap's own messages exact.
 *
 * Status entries about a parent or ancestor the link cannot see are left out whole.
 *
 * Cost: O(size of what is sent); strings without a `/` or a hidden mention are left as they are.
 */
import { kindInfo } from './kinds.ts';
import type { Mention } from './mention.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import { resolveParentRef } from './resolve-refs.ts';

/** What the naming reads of a topology view. */
interface NameSource {
  nodesIn(namespace: string): readonly unknown[];
  node(id: string): unknown;
}

export interface ShareNamesInput {
  readonly source: NameSource;
  /** The link's namespaces. */
  readonly namespaces: readonly string[];
  /** The link's Routes as `namespace/name`, when it is restricted to some. */
  readonly routes?: readonly string[];
  /** Keys of every object the link sees, and of others it may name (e.g. Secrets its Gateways use). */
  readonly nameable: Iterable<string>;
  /**
   * Keys in the link's namespaces it may not name all the same: policies whose targets it does
   * not all see (share-policies.ts), whose names would lead nowhere it may look.
   */
  readonly unnameable?: ReadonlySet<string>;
}

const ROUTE_KINDS: readonly string[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/**
 * `<Kind> ns/name`, `<Kind>/ns/name` (a key, optionally after `cluster:`) or a bare `ns/name`.
 * Not preceded by a word character, `.`, `-` or `/`, so URL paths and `group/version` do not
 * match; names are DNS subdomains, so a sentence's full stop after one is not part of it.
 */
const NAMED =
  /(?<![-\w./])(?:([A-Z][A-Za-z0-9]*(?:\.[a-z0-9-]+)*)( |\/))?([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\/([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)(?![-\w/]|\.\w)/g;

interface Replacement {
  readonly text: string;
  readonly phrase: string;
}

const NO_REPLACEMENTS: readonly Replacement[] = [];

export class ShareNames {
  private readonly input: ShareNamesInput;
  /** `namespace/name` of everything the link may name. */
  private readonly pairs = new Set<string>();
  private readonly keys: ReadonlySet<string>;
  private readonly populated = new Map<string, boolean>();

  constructor(input: ShareNamesInput) {
    this.input = input;
    const keys = new Set<string>();
    for (const key of input.nameable) {
      keys.add(key);
      const { namespace, name } = parseObjectKey(key as ObjectKey);
      if (namespace !== undefined) this.pairs.add(`${namespace}/${name}`);
    }
    this.keys = keys;
  }

  /**
   * Whether the link may read the name of this object. Its kind counts: a Service the link sees
   * does not let it name another team's Route of the same namespace and name.
   */
  canNameKey(key: string): boolean {
    if (this.keys.has(key)) return true;
    if (this.input.unnameable?.has(key)) return false;
    const { kind, namespace, name } = parseObjectKey(key as ObjectKey);
    return namespace !== undefined && this.inLinkNamespaces(namespace, name, kind);
  }

  /**
   * The value as the link may see it: a deep copy in which every string is scoped. Object keys
   * (field names, label keys) are left as they are.
   */
  scope<Value>(value: Value): Value {
    return this.walk(value, NO_REPLACEMENTS) as Value;
  }

  private walk(value: unknown, replacements: readonly Replacement[]): unknown {
    if (typeof value === 'string') return this.text(value, replacements);
    if (Array.isArray(value))
      return value
        .filter((item: unknown) => !this.isAboutHidden(item))
        .map((item: unknown) => this.walk(item, replacements));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const mentions = isMentionList(record.mentions) ? record.mentions : undefined;
    let inner = replacements;
    let shown: readonly Mention[] | undefined;
    if (mentions) {
      const hidden = mentions.filter((mention) => !this.canNameKey(mention.key));
      shown = mentions.filter((mention) => !hidden.includes(mention));
      if (hidden.length > 0)
        // Longer words first: a listener's words hold its object's (`listener "a" of ListenerSet x/y`).
        inner = [
          ...replacements,
          ...hidden.map((mention) => ({ text: mention.text, phrase: this.phrase(mention) })),
        ].sort((left, right) => right.text.length - left.text.length);
    }
    const out: Record<string, unknown> = {};
    for (const field of Object.keys(record)) {
      const item = record[field];
      if (item === undefined) continue;
      if (field === 'mentions' && mentions) {
        if (shown && shown.length > 0) out[field] = shown.map((mention) => ({ ...mention }));
        continue;
      }
      out[field] = this.walk(item, inner);
    }
    return out;
  }

  /**
   * A status entry about a parent or ancestor (Gateway API's RouteParentStatus and
   * PolicyAncestorStatus) that the link cannot see, e.g. another team's Gateway that a policy in
   * the link's namespace serves: the whole entry is left out, as its ref is structured, not text.
   */
  private isAboutHidden(item: unknown): boolean {
    if (typeof item !== 'object' || item === null) return false;
    const entry = item as { parentRef?: unknown; ancestorRef?: unknown };
    const ref = (entry.parentRef ?? entry.ancestorRef) as
      { group?: unknown; kind?: unknown; namespace?: unknown; name?: unknown } | undefined;
    if (
      typeof ref !== 'object' ||
      ref === null ||
      typeof ref.namespace !== 'string' ||
      typeof ref.name !== 'string'
    )
      return false;
    // The reference with its defaults (a Gateway of Gateway API's group), as the resolver applies them.
    const resolved = resolveParentRef(ref.namespace, {
      name: ref.name,
      ...(typeof ref.group === 'string' ? { group: ref.group } : {}),
      ...(typeof ref.kind === 'string' ? { kind: ref.kind } : {}),
    });
    return !this.canNameKey(resolved.key);
  }

  private text(text: string, replacements: readonly Replacement[]): string {
    let out = text;
    for (const { text: words, phrase } of replacements)
      if (out.includes(words)) out = out.split(words).join(phrase);
    if (!out.includes('/')) return out;
    return out.replace(
      NAMED,
      (match, kind: string | undefined, separator: string | undefined, namespace: string, name: string) => {
        const bare = kind?.split('.')[0];
        const named =
          kind !== undefined && bare !== undefined && (separator === '/' || kindInfo(bare) !== undefined);
        // A kind before the name makes it that object's name, which the link may not read even
        // where it may read an object of another kind by the same name.
        const key = `${kind}/${namespace}/${name}`;
        const readable = named
          ? this.canNameKey(key) ||
            (bare !== kind &&
              !this.input.unnameable?.has(key) &&
              this.canNameKey(`${bare}/${namespace}/${name}`))
          : this.canName(namespace, name);
        if (readable || !this.isNamespace(namespace)) return match;
        if (named) return `${article(bare)} ${bare} ${this.where(namespace)}`;
        return `${kind === undefined ? '' : `${kind} `}an object ${this.where(namespace)}`;
      },
    );
  }

  /** Whether the link may read `namespace/name` where the text does not say of what kind. */
  private canName(namespace: string, name: string): boolean {
    return this.pairs.has(`${namespace}/${name}`) || this.inLinkNamespaces(namespace, name);
  }

  /**
   * In the link's namespaces every name may be read, except Routes the link leaves out: of a
   * Route kind not listed, or (kind unknown) any Route by that name that is not listed.
   */
  private inLinkNamespaces(namespace: string, name: string, kind?: string): boolean {
    if (!this.input.namespaces.includes(namespace)) return false;
    const routes = this.input.routes;
    if (!routes) return true;
    const pair = `${namespace}/${name}`;
    if (routes.includes(pair)) return true;
    if (kind !== undefined) return !ROUTE_KINDS.includes(kind);
    return !ROUTE_KINDS.some((route) => this.input.source.node(`${route}/${pair}`) !== undefined);
  }

  /** Whether the cluster holds objects in this namespace (`text/html` names none). */
  private isNamespace(namespace: string): boolean {
    let known = this.populated.get(namespace);
    if (known === undefined)
      this.populated.set(namespace, (known = this.input.source.nodesIn(namespace).length > 0));
    return known;
  }

  private where(namespace: string | undefined): string {
    return namespace !== undefined && !this.input.namespaces.includes(namespace)
      ? 'of another namespace'
      : 'not shared with this link';
  }

  private phrase(mention: Mention): string {
    const { kind, namespace } = parseObjectKey(mention.key);
    const bare = kind.split('.')[0] ?? kind;
    const object = `${article(bare)} ${bare} ${this.where(namespace)}`;
    return mention.listener === undefined ? object : `a listener of ${object}`;
  }
}

/** "an HTTPRoute", "a GRPCRoute", "an XListenerSet", "a UDPRoute". */
function article(kind: string): string {
  return /^(?:[AEIOX]|HTTP)/.test(kind) ? 'an' : 'a';
}

function isMentionList(value: unknown): value is readonly Mention[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as { key?: unknown }).key === 'string' &&
        typeof (item as { text?: unknown }).text === 'string',
    )
  );
}
