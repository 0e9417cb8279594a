/**
 * `readJson`, the reader for JSON whose keys hold escapes: it accepts what JSON.parse accepts and
 * reads every value as it was written, escaped keys included, whatever JSON.parse read before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJson } from './read-json.ts';

function accepts(read: (text: string) => unknown, text: string): boolean {
  try {
    read(text);
    return true;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return false;
  }
}

/** Keys and texts made of what escapes are made of, and more. */
const text = fc.string({
  unit: fc.constantFrom('a', '"', '\\', '/', '\n', '\t', '\u0001', 'é', '\u2028', '{', ':', ' ', '0'),
  maxLength: 6,
});
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom('__proto__', '1', 'items')), tie('value'), {
    maxKeys: 4,
  }),
})).value;

describe('readJson', () => {
  it('reads back exactly what JSON.stringify wrote, escaped keys included', () => {
    // A key with escapes read first, as JSON.parse may then misread the next (nodejs/node#63785).
    JSON.parse('{"h":[],"\\\\":0}');
    fc.assert(
      fc.property(value, fc.constantFrom(0, 1, 2), (written, indent) => {
        const json = JSON.stringify(written, null, indent);
        expect(JSON.stringify(readJson(json), null, indent)).toBe(json);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly the text JSON.parse accepts, and reads it alike where no key is escaped', () => {
    const damage = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 2 }),
      insert: fc.string({
        unit: fc.constantFrom(
          '"',
          '\\',
          '{',
          '}',
          '[',
          ']',
          ':',
          ',',
          '-',
          '0',
          '1',
          'e',
          '.',
          ' ',
          't',
          'n',
          '\u0001',
          '\ufeff',
        ),
        maxLength: 2,
      }),
    });
    fc.assert(
      fc.property(value, damage, (written, { at, remove, insert }) => {
        const json = JSON.stringify(written);
        const where = at % (json.length + 1);
        const damaged = json.slice(0, where) + insert + json.slice(where + remove);
        expect(accepts(readJson, damaged)).toBe(accepts(JSON.parse, damaged));
        if (accepts(JSON.parse, damaged) && !damaged.includes('\\'))
          expect(JSON.stringify(readJson(damaged))).toBe(JSON.stringify(JSON.parse(damaged)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads numbers, literals and duplicate keys as JSON.parse does', () => {
    for (const json of ['-0', '1e400', '0.5e-3', '[1,2.25,-3E+2]', 'true', ' null ', '{"a":1,"b":2,"a":3}'])
      expect(JSON.stringify(readJson(json)), json).toBe(JSON.stringify(JSON.parse(json)));
    expect(Object.is(readJson('-0'), -0)).toBe(true);
    expect(Object.keys(readJson('{"a":1,"b":2,"a":3}') as object)).toEqual(['a', 'b']);
    for (const json of ['01', '1.', '.5', '+1', 'tru', '"\t"', '"\\x"', '[1,]', '{"a":1,}', '\ufeff{}', ''])
      expect(accepts(readJson, json), json).toBe(false);
  });

  it('keeps a __proto__ key as an own property, not as the prototype', () => {
    const read = readJson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
