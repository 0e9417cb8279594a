/**
 * The caches that share equal values between objects: a key must never stand for two different
 * lists of parts, and a cache must stay within its bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partsKey, remember } from './remember.ts';

// Each position of a key holds one type (a name, a port): texts, and absent parts.
const part = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', '1', ':', '-', '|') }),
  fc.constant(undefined),
);

describe('partsKey', () => {
  it('gives different lists of parts different keys', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), fc.array(part, { maxLength: 5 }), (left, right) => {
        const same = left.length === right.length && left.every((item, index) => item === right[index]);
        expect(partsKey(left) === partsKey(right)).toBe(same);
      }),
    );
  });

  it('keeps apart lists that read alike when joined', () => {
    expect(partsKey(['ab'])).not.toBe(partsKey(['a', 'b']));
    expect(partsKey([12, 3])).not.toBe(partsKey([1, 23]));
    expect(partsKey([undefined])).not.toBe(partsKey(['-']));
    expect(partsKey([''])).not.toBe(partsKey([]));
  });
});

describe('remember', () => {
  it('makes a value once, and empties a full cache before adding to it', () => {
    const cache = new Map<string, number>();
    let made = 0;
    const make = () => ++made;
    expect(remember(cache, 'a', 2, make)).toBe(1);
    expect(remember(cache, 'a', 2, make)).toBe(1);
    expect(remember(cache, 'b', 2, make)).toBe(2);
    expect(remember(cache, 'c', 2, make)).toBe(3);
    expect([...cache.keys()]).toEqual(['c']);
  });
});
