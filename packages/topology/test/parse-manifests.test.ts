/**
 * Manifest text as `gatemap analyze` reads it. JSON goes through JSON.parse with its own scan for
 * the line of each List item; everything it reads must come out as the YAML parser reads it: the
 * same values and the same lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../src/index.ts';

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
          expect(parseManifests(json, 'list.json')).toEqual(viaYaml(json, 'list.json'));
        },
      ),
    );
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
