/**
 * Manifest text that is one JSON value, as `gatemap analyze` reads it: through JSON.parse with its
 * own scan for the line of each List item. Everything must come out as the YAML parser reads the
 * whole text: the same values, the same lines, the same errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse-manifests.ts';

/** The YAML parser's reading of the same text: a comment in front keeps JSON.parse away. */
function viaYaml(text: string, file: string) {
  const parsed = parseManifests(`# read as YAML\n${text}`, file);
  return {
    documents: parsed.documents.map((document) => ({
      source: { file: document.source.file, line: document.source.line - 1 },
      value: document.value,
    })),
    errors: parsed.errors,
  };
}

const text = fc.string({
  unit: fc.constantFrom('a', 'items', '"', '\\', '{', '}', '[', ']', ':', ',', '\n', ' ', 'é'),
});
const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const item: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(fc.oneof(text, fc.constant('items')), tie('value'), { maxKeys: 4 }),
})).value;

describe('parseManifests, JSON', () => {
  it('reads a pretty-printed List as the YAML parser does, with the line of every item', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(item, fc.dictionary(text, item, { maxKeys: 3 })), { maxLength: 6 }),
        fc.constantFrom(0, 1, 2, 4),
        fc.dictionary(fc.constantFrom('metadata', 'extra', 'items2'), item, { maxKeys: 2 }),
        (items, indent, extra) => {
          const json = JSON.stringify({ ...extra, apiVersion: 'v1', kind: 'List', items }, null, indent);
          const read = parseManifests(json, 'list.json');
          // The items written are the judge of values (not JSON.parse, which may misread escaped
          // keys); the YAML reading, of lines, where it reads the text at all (a YAML reader may
          // refuse JSON it finds too long or deep).
          expect(read.errors).toEqual([]);
          expect(read.documents.map((document) => document.value)).toEqual(items);
          const yaml = viaYaml(json, 'list.json');
          if (yaml.errors.length === 0) expect(read).toEqual(yaml);
        },
      ),
    );
  });

  it('reads keys with escapes as written, where JSON.parse may misread them', () => {
    // V8 misreads an escaped key once an earlier parse has put a `\\` key in its key cache
    // (nodejs/node#63785): here `"\""` would come back as a backslash.
    JSON.parse('{"h":[],"\\\\":0}');
    const read = parseManifests('{"h":1,"\\"":2}', 'escaped.json');
    expect(read.errors).toEqual([]);
    expect(read.documents.map((document) => document.value)).toEqual([{ h: 1, '"': 2 }]);
    const other = parseManifests('{"a\\nb":{"c\\u00e9":3}}', 'escaped.json');
    expect(other.documents.map((document) => document.value)).toEqual([{ 'a\nb': { cé: 3 } }]);
    // Escapes in values alone leave the text to JSON.parse, which reads values right.
    const values = parseManifests('{"a":"\\"\\\\","b":["\\":"]}', 'values.json');
    expect(values.documents.map((document) => document.value)).toEqual([{ a: '"\\', b: ['":'] }]);
  });

  it('reads one object with its starting line', () => {
    const json = '\n\n  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}\n';
    expect(parseManifests(json, 'svc.json')).toEqual({
      documents: [
        {
          source: { file: 'svc.json', line: 3 },
          value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } },
        },
      ],
      errors: [],
    });
    expect(parseManifests(json, 'svc.json')).toEqual(viaYaml(json, 'svc.json'));
  });

  it('names the line of a JSON syntax error', () => {
    const json =
      '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"kind": "Service" "name": "x"}\n  ]\n}\n';
    const parsed = parseManifests(json, 'bad.json');
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0]!.source).toEqual({ file: 'bad.json', line: 5 });
  });

  it('reads items written in a List as kubectl writes it, each at its own line', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        metadata: { resourceVersion: '' },
        items: [
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', annotations: { note: 'items: [{' } } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } },
        ],
      },
      null,
      4,
    );
    const lines = parseManifests(json, 'dump.json').documents.map((document) => document.source.line);
    const expected = json
      .split('\n')
      .map((line, index) => [line, index + 1] as const)
      .filter(([line]) => line === '        {')
      .map(([, number]) => number);
    expect(lines).toEqual(expected);
    expect(expected).toHaveLength(2);
  });
});

describe('parseManifests, JSON item lines', () => {
  const lines = (text: string) =>
    parseManifests(text, 'list.json').documents.map((document) => document.source.line);

  it('follows the items JSON.parse keeps when the key is given twice', () => {
    const text = '{"apiVersion":"v1","kind":"List",\n"items":[\n{"a":1}],\n"items":[\n\n{"b":2},\n{"c":3}]}';
    expect(parseManifests(text, 'list.json').documents.map((document) => document.value)).toEqual([
      { b: 2 },
      { c: 3 },
    ]);
    expect(lines(text)).toEqual([6, 7]);
  });

  it('knows the items key written with escapes', () => {
    expect(lines('{"apiVersion":"v1","kind":"List","it\\u0065ms":[\n{"a":1},\n{"b":2}]}')).toEqual([2, 3]);
  });

  it('counts a lone CR as a line break, as YAML does', () => {
    expect(lines('{"apiVersion":"v1","kind":"List",\r"items":[\r{"a":1},\r\n{"b":2}]}')).toEqual([3, 4]);
  });
});
