/**
 * Streams of YAML documents (what `helm template` writes), parsed a document at a time: everything
 * must come out as the YAML parser reads the whole text: the same values, the same lines, the same
 * errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { whole, yamlText, yamlValue } from '../test/yaml-readings.ts';
import { parseManifests } from './parse-manifests.ts';

describe('parseManifests, YAML document streams', () => {
  it('reads a stream of documents as the whole text reads, however each is written', () => {
    const document = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.dictionary(fc.oneof(yamlText, fc.constant('kind')), yamlValue, { maxKeys: 5 }),
      },
      { weight: 1, arbitrary: yamlValue },
      {
        weight: 1,
        arbitrary: fc
          .array(yamlValue, { maxLength: 3 })
          .map((items) => ({ apiVersion: 'v1', kind: 'List', items })),
      },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            document,
            fc.constantFrom('', '# Source: chart/templates/a.yaml\n', '\n', '# only a comment\n---\n'),
          ),
          {
            maxLength: 6,
          },
        ),
        fc.record({
          indent: fc.constantFrom(2, 4),
          indentSeq: fc.boolean(),
          lineWidth: fc.constantFrom(0, 12, 80),
          defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
        } as const),
        fc.constantFrom('', '---\n', '# rendered\n'),
        fc.constantFrom('\n', '\r\n'),
        (documents, options, prefix, newline) => {
          const text = (
            prefix + documents.map(([value, before]) => before + stringify(value, options)).join('---\n')
          ).replace(/\n/g, newline);
          expect(parseManifests(text, 'stream.yaml')).toEqual(whole(text, 'stream.yaml'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads hand-written streams as the whole text reads: markers, empty documents, errors, Lists', () => {
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n`;
    const texts = [
      `${service('a')}---\n${service('b')}`,
      `---\n${service('a')}---\n---\n# nothing\n---\n${service('b')}---\n`,
      `${service('a')}--- # with a comment\n${service('b')}`,
      `${service('a')}...\n---\n${service('b')}`,
      `${service('a')}---\nkind: [\n---\n${service('b')}`,
      `${service('a')}---\nkind: "open\n---\n${service('b')}`,
      `${service('a')}---\nkind: Service\n  bad: indent\n---\n${service('b')}`,
      `${service('a')}---\nkind: Service\nmetadata:\n  name: b\n  name: c\n`,
      `${service('a')}---\napiVersion: v1\nkind: List\nitems:\n- ${service('b').replace(/\n(?=.)/g, '\n  ')}`,
      `${service('a')}---\nnull\n---\n~\n---\n- a\n---\nplain\n`,
      `${service('a')}----\n${service('b')}`,
      `${service('a')}---\nkind: &k Service\nmetadata: {name: *k}\n`,
      `${service('a')}---\n  kind: Service\n  metadata:\n    name: indented\n`,
      `${service('a')}---\nkind: Service\nmetadata:\n\tname: tab\n`,
      `${service('a')}---\nkind: Service\nspec: |\n  ---\n  not a marker\n`,
      `${service('a')}---\nkind: Service\nspec: |\n---\n${service('b')}`,
      `${service('a')}---\r\n${service('b')}`,
      `${service('a')}---\n${service('b')}\r---\n${service('c')}`,
    ];
    for (const text of texts)
      expect(parseManifests(text, 'stream.yaml'), JSON.stringify(text)).toEqual(whole(text, 'stream.yaml'));
  });

  it('drops a byte-order mark at the start of a stream, as YAML does', () => {
    const text = '\uFEFFkind: Service\nmetadata:\n  name: a\n---\nkind: Service\nmetadata:\n  name: b\n';
    expect(parseManifests(text, 'stream.yaml')).toEqual({
      documents: [
        { source: { file: 'stream.yaml', line: 1 }, value: { kind: 'Service', metadata: { name: 'a' } } },
        { source: { file: 'stream.yaml', line: 5 }, value: { kind: 'Service', metadata: { name: 'b' } } },
      ],
      errors: [],
    });
  });

  it('gives each document the line of its first key, past comments and markers', () => {
    const text =
      '# Source: a.yaml\nkind: Service\nmetadata:\n  name: a\n---\n\n# Source: b.yaml\nkind: Service\nmetadata:\n  name: b\n';
    expect(parseManifests(text, 'stream.yaml').documents.map((document) => document.source.line)).toEqual([
      2, 8,
    ]);
  });
});
