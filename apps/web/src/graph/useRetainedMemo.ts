/**
 * `useMemo` whose results survive a render that React throws away. The map's pipeline reads the
 * store through `useDeferredValue`: a large estate's first render runs in the background, and any
 * urgent update meanwhile (the stream opening, a cluster's status) makes React abandon it, render
 * the screen with the previous value, and start again — discarding every `useMemo` it computed, so
 * that a 150,000-object estate paid for its pipeline twice or three times. This keeps the results
 * for the last two sets of inputs (the one on screen and the one being prepared) in state that
 * outlives abandoned renders, so that each is computed once.
 */
import { useState } from 'react';

interface Entry<Value> {
  readonly deps: readonly unknown[];
  readonly value: Value;
}

/** Kept per entry: the value on screen, and the one a deferred render is preparing. */
const KEPT = 2;

function sameDeps(left: readonly unknown[], right: readonly unknown[]): boolean {
  return left.length === right.length && left.every((item, index) => Object.is(item, right[index]));
}

export function useRetainedMemo<Value>(compute: () => Value, deps: readonly unknown[]): Value {
  const [entries] = useState<Entry<Value>[]>(() => []);
  const found = entries.find((entry) => sameDeps(entry.deps, deps));
  if (found) return found.value;
  const value = compute();
  entries.unshift({ deps, value });
  entries.length = Math.min(entries.length, KEPT);
  return value;
}
