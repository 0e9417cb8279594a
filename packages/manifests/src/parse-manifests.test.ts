/**
 * Manifest text as `gatemap analyze` reads it, at sizes and depths that could stop a reader: large
 * scalars, documents over the size limit, large streams read in steps, deep nesting.
 */
import { describe, expect, it } from 'vitest';
import { parseManifests, parseManifestSteps } from './parse-manifests.ts';

describe('large input', () => {
  const MB = 1024 * 1024;
  const configMap = (name: string, value: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  big: ${value}\n`;
  const raised = { maxDocumentSize: 64 * MB };

  it('reads scalars of 10 MB, quoted or dotted, without a pattern recursing over them', () => {
    const long = 'x'.repeat(10 * MB);
    const scalars: readonly (readonly [string, string])[] = [
      [`"${long}"`, long],
      [`'${long}'`, long],
      [`"${long}\\n"`, `${long}\n`],
      [`${'1.'.repeat(5 * MB)}1`, `${'1.'.repeat(5 * MB)}1`],
      [`1${'-a'.repeat(5 * MB)}`, `1${'-a'.repeat(5 * MB)}`],
    ];
    for (const [written, value] of scalars) {
      const read = parseManifests(
        `${configMap('a', written)}---\n${configMap('b', 'small')}`,
        'big.yaml',
        raised,
      );
      expect(read.errors).toEqual([]);
      expect(
        read.documents.map((document) => (document.value as { data: { big: string } }).data.big),
      ).toEqual([value, 'small']);
    }
  });

  it('reports a document over the size limit with its line, unparsed, and reads the rest of the file', () => {
    const big = `"${'x'.repeat(4096)}"`;
    const limit = { maxDocumentSize: 1024 };
    const stream = parseManifests(
      `${configMap('a', 'one')}---\n${configMap('b', big)}---\n${configMap('c', 'three')}`,
      's.yaml',
      limit,
    );
    expect(stream.documents.map((document) => document.source.line)).toEqual([1, 15]);
    expect(stream.errors).toEqual([
      {
        source: { file: 's.yaml', line: 8 },
        message: '',
        tooLarge: { size: expect.any(Number), limit: 1024 },
      },
    ]);

    const items = ['a', 'b', 'c'].map(
      (name) =>
        `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n    big: ${name === 'b' ? big : 'small'}\n`,
    );
    for (const sliceChars of [1, 1 << 18]) {
      const list = parseManifests(`apiVersion: v1\nkind: List\nitems:\n${items.join('')}`, 'l.yaml', {
        ...limit,
        sliceChars,
      });
      expect(list.documents.map((document) => document.source.line)).toEqual([4, 16]);
      expect(list.errors.map((error) => [error.source.line, error.tooLarge?.limit])).toEqual([[10, 1024]]);
    }

    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: ['a', 'b', 'c'].map((name) => ({
          kind: 'ConfigMap',
          metadata: { name },
          data: { big: name === 'b' ? 'x'.repeat(4096) : 'small' },
        })),
      },
      null,
      1,
    );
    const fromJson = parseManifests(json, 'l.json', limit);
    expect(
      fromJson.documents.map((document) => (document.value as { metadata: { name: string } }).metadata.name),
    ).toEqual(['a', 'c']);
    expect(fromJson.errors).toHaveLength(1);
  });

  it('reads the documents of a large stream in steps', () => {
    const text = Array.from({ length: 50 }, (_, index) => configMap(`c${index}`, 'v')).join('---\n');
    const steps = parseManifestSteps(text, 'stream.yaml');
    let count = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) count++;
    expect(count).toBeGreaterThanOrEqual(50);
    expect(step.value).toEqual(parseManifests(text, 'stream.yaml'));
  });

  it('refuses collections nested deeper than 256 levels, before a parser recurses into them', () => {
    const deep = (open: string, close: string) => `${open.repeat(100_000)}${close.repeat(100_000)}`;
    const texts = [
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${deep('[', ']')}\n`,
      `{"kind":"ConfigMap","metadata":{"name":"a","annotations":{"k\\"":"v"}},"data":${deep('[', ']')}}`,
      `kind: List\nitems:\n- kind: ConfigMap\n  data: ${deep('{"a":', '}')}\n`,
    ];
    for (const text of texts) {
      const read = parseManifests(text, 'deep.yaml');
      expect(read.documents).toEqual([]);
      expect(read.errors).toEqual([
        { source: { file: 'deep.yaml', line: 1 }, message: '', tooDeep: { limit: 256 } },
      ]);
    }
    const shallow = `kind: ConfigMap\nmetadata: {name: a}\ndata: {a: ${deep('[', ']').slice(100_000 - 255, 100_000 + 255)}}\n`;
    expect(parseManifests(shallow, 'shallow.yaml').errors).toEqual([]);
  });
});
