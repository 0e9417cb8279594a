/**
 * What the map shows of history entries (history.ts in the core): which tell of a problem, the
 * Changes view's order and filters, the words for an object change, and where on the map an
 * entry's objects are.
 */
import {
  mentionObject,
  parseObjectKey,
  type HistoryEntry,
  type ObjectKey,
  type TopologyNode,
} from '@gatemap/topology';

/** A verdict that broke, or that changed to a state that does not work. */
export function isProblem(entry: HistoryEntry): boolean {
  if (entry.type !== 'verdict') return false;
  return (
    entry.verdict.direction === 'broke' || (entry.verdict.after !== undefined && !entry.verdict.after.ok)
  );
}

/** Problems first, then newest first. */
function compareEntries(left: HistoryEntry, right: HistoryEntry): number {
  const problem = Number(isProblem(right)) - Number(isProblem(left));
  if (problem !== 0) return problem;
  const time = Date.parse(right.at) - Date.parse(left.at);
  return time !== 0 ? time : right.seq - left.seq;
}

export interface ChangesFilter {
  readonly kind: string;
  readonly namespace: string;
  readonly text: string;
  readonly problemsOnly: boolean;
}

export const NO_FILTER: ChangesFilter = { kind: '', namespace: '', text: '', problemsOnly: false };

function matchesFilter(entry: HistoryEntry, filter: ChangesFilter): boolean {
  const { kind, namespace } = parseObjectKey(entry.key);
  if (filter.kind !== '' && kind !== filter.kind) return false;
  if (filter.namespace !== '' && namespace !== filter.namespace) return false;
  if (filter.problemsOnly && !isProblem(entry)) return false;
  const text = filter.text.trim().toLowerCase();
  return (
    text === '' || describeEntry(entry).toLowerCase().includes(text) || entry.key.toLowerCase().includes(text)
  );
}

/** The Changes view's entries: filtered, problems first, then newest; each entry once. */
export function changesList(entries: readonly HistoryEntry[], filter: ChangesFilter): HistoryEntry[] {
  const seen = new Set<string>();
  const kept: HistoryEntry[] = [];
  for (const entry of entries) {
    const id = `${entry.cluster}#${entry.seq}`;
    if (seen.has(id) || !matchesFilter(entry, filter)) continue;
    seen.add(id);
    kept.push(entry);
  }
  return kept.sort(compareEntries);
}

/** Words for an object change; a kind of change added later reads as its name. */
const CHANGE_WORDS: Readonly<Record<string, string>> = {
  created: 'created',
  deleted: 'deleted',
  changed: 'changed',
  status: 'status changed',
};

/** One line for an entry: a verdict change's message, or `<Kind> <ns>/<name> changed`. */
export function describeEntry(entry: HistoryEntry): string {
  return entry.type === 'verdict'
    ? entry.verdict.message
    : `${mentionObject(entry.key).text} ${CHANGE_WORDS[entry.change] ?? entry.change}`;
}

/** A field's value in a diff: strings as written, anything else as JSON; absent as `—`. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The id of the node that draws `key` of `cluster`: the key itself, or prefixed with its cluster
 * when the server serves several (api.ts); undefined when the map does not hold it.
 */
export function nodeIdOf(
  nodes: ReadonlyMap<string, TopologyNode>,
  cluster: string,
  key: ObjectKey,
): string | undefined {
  const prefixed = nodes.get(`${cluster}:${key}`);
  if (prefixed !== undefined) return prefixed.id;
  const plain = nodes.get(key);
  return plain !== undefined && (plain.cluster === undefined || plain.cluster === cluster)
    ? plain.id
    : undefined;
}
