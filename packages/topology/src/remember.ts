/**
 * Small caches that let many objects share one equal value (a key, a condition, a summary). They
 * are keyed by names from the input, so each is bounded: a full cache is emptied and refills.
 */

/**
 * The value cached under `key`, made by `make(key, context)` and cached when absent. On hot paths
 * `make` is a function made once (not a closure per call), given what it needs as `context`:
 * most calls find the value, and then nothing is allocated.
 */
export function remember<Key, Value, Context = undefined>(
  cache: Map<Key, Value>,
  key: Key,
  limit: number,
  make: (key: Key, context: Context) => Value,
  context?: Context,
): Value {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= limit) cache.clear();
  const value = make(key, context as Context);
  cache.set(key, value);
  return value;
}

/** An empty Map, as the `make` of a cache of caches: a function made once, not a closure per call. */
export function newMap<Key, Value>(): Map<Key, Value> {
  return new Map<Key, Value>();
}

/**
 * A cache key for a list of texts and numbers that no other list shares: each part with its
 * length first, and an absent part written apart from any text. A number and its decimal text
 * share a key, so each position of a list holds one type.
 */
export function partsKey(parts: readonly (string | number | undefined)[]): string {
  // Joined once, not concatenated part by part: one flat string, no chain of cells.
  const pieces: string[] = [];
  for (const part of parts) {
    if (part === undefined) pieces.push('-');
    else {
      const text = String(part);
      pieces.push(String(text.length), ':', text);
    }
  }
  return pieces.join('');
}
