/**
 * Manifest text as `gatemap analyze` reads it. JSON goes through JSON.parse with its own scan for
 * the line of each List item, block-style YAML Lists are parsed a slice of items at a time, and
 * streams of YAML documents a document at a time;
 * everything must come out as the YAML parser reads the whole text: the same values, the same
 * lines, the same errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseManifests, parseManifestSteps } from './parse-manifests.ts';

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

/** The whole-text reading: a directive in front keeps the List from being cut into slices. */
function whole(text: string, file: string) {
  const parsed = parseManifests(`%YAML 1.2\n---\n${text}`, file);
  const back = (source: { file: string; line: number }) => ({ file: source.file, line: source.line - 2 });
  return {
    documents: parsed.documents.map((document) => ({ source: back(document.source), value: document.value })),
    errors: parsed.errors.map((error) => ({ ...error, source: back(error.source) })),
  };
}

const yamlText = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    ' ',
    '-',
    ':',
    '#',
    '"',
    "'",
    '\n',
    'items',
    '---',
    '|',
    '>',
    '&x',
    '*x',
    '{',
    '[',
  ),
});
// Strings and numbers that YAML readers are known to tell apart differently.
const trickyScalar = fc.oneof(
  fc.constantFrom(
    '0b11',
    '-0x1',
    '+.5',
    '-0',
    '.inf',
    '-.Inf',
    '.NaN',
    '1_000',
    '0o17',
    '0x1F',
    '012',
    '09',
    'True',
    'TRUE',
    'yes',
    'on',
    '~',
    'null',
    'Null',
    '2001-12-14',
    '1e3',
    '1E3',
    '.5',
    '-.5',
    '+12',
    '1:20',
    '=',
    '<<',
    '0.',
  ),
  fc.double(),
  fc.constantFrom(-0, 1e21, 1e-7, 0.1),
);
const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    yamlText,
    trickyScalar,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.oneof(yamlText, fc.constant('items'), fc.constant('kind')), tie('value'), {
    maxKeys: 4,
  }),
})).value;

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

describe('parseManifests, YAML Lists in slices', () => {
  it('reads a List as the whole text reads, however it is written and cut', () => {
    fc.assert(
      fc.property(
        fc.array(yamlValue, { maxLength: 8 }),
        fc.constantFrom('kubectl', 'kind-first', 'items-last'),
        fc.record({
          indent: fc.constantFrom(2, 4),
          indentSeq: fc.boolean(),
          lineWidth: fc.constantFrom(0, 12, 80),
          defaultStringType: fc.constantFrom(
            'PLAIN',
            'QUOTE_DOUBLE',
            'QUOTE_SINGLE',
            'BLOCK_LITERAL',
            'BLOCK_FOLDED',
          ),
        } as const),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom('', '# a dump\n', '---\n', '\n\n'),
        (items, order, options, sliceChars, prefix) => {
          const list =
            order === 'kubectl'
              ? { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }
              : order === 'kind-first'
                ? { kind: 'List', apiVersion: 'v1', items }
                : { apiVersion: 'v1', kind: 'List', items };
          const text = prefix + stringify(list, options);
          expect(parseManifests(text, 'dump.yaml', { sliceChars })).toEqual(whole(text, 'dump.yaml'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads hand-written Lists as the whole text reads: comments, anchors across items, odd indentation, errors', () => {
    const texts = [
      'apiVersion: v1\nkind: List\nitems:\n- &base\n  kind: Service\n  metadata: {name: a}\n- *base\n',
      'apiVersion: v1\nkind: List\nitems:\n# the first\n  - kind: Service\n    metadata:\n      name: a\n# between\n  - kind: Service\n    metadata:\n      name: b\nmetadata: {}\n',
      'apiVersion: v1\nkind: List\nitems:\n- kind: Service\n  metadata:\n    name: a\n  bad: [\n- kind: Service\n',
      'apiVersion: v1\nkind: List\nitems:\n-\n  kind: Service\n-\n- kind: Service\nkind: List\n',
      'apiVersion: v1\nkind: NotAList\nitems:\n- kind: Service\n',
      'apiVersion: v1\r\nkind: List\r\nitems:\r\n- kind: Service\r\n  metadata:\r\n    name: a\r\n- kind: Service\r\n',
      'apiVersion: v1\nkind: List\nitems:\n- a\n---\nkind: Service\n',
      // A second items key, plain or quoted, after the block: the whole text keeps the last.
      'apiVersion: v1\nkind: List\nitems:\n- a\nitems: [b]\n',
      'apiVersion: v1\nkind: List\nitems:\n- a\n"items":\n- b\n',
      // Line breaks of JavaScript that are none of YAML's, or a lone CR.
      'apiVersion: v1\nkind: List\nitems: []\nnote\u2028items:\n- x\n',
      'apiVersion: v1\nkind: List\nitems: []\nnote\ritems:\n- x\n',
      // items: at the start of a line inside a flow collection or a quoted string.
      '{kind: List, apiVersion: v1, items: [], x: "\nitems:\n- a\n"}',
      '{kind: List, apiVersion: v1,\nitems:\n- a\n}',
      // An alias after the items to an anchor the items define again.
      'k: &k List\nitems:\n- &k Foo\nkind: *k\napiVersion: v1\n',
      // A tab-only line that ends a block scalar too early for YAML.
      'apiVersion: v1\nkind: List\nitems:\n- |\n  # ind\n\t\n',
      'apiVersion: v1\nkind: List\nitems:\n- a: 1\n\t b: 2\n',
    ];
    for (const text of texts)
      for (const sliceChars of [1, 20, 1 << 18])
        expect(parseManifests(text, 'list.yaml', { sliceChars })).toEqual(whole(text, 'list.yaml'));
  });

  it('reads entries as the whole text reads where YAML readers are known to differ', () => {
    const entries = [
      '- a: 1e400',
      '- a: 1.8e308',
      `- a: ${'9'.repeat(400)}`,
      '- 1e400: x',
      '- null: x',
      '- Null: x',
      '- NULL: x',
      '- ~: x',
      '- {: a}',
      '- [: a]',
      '- a: 1\n  ? \n  : x',
      '- a: 1\n  ? [a, b]\n  : x',
      '- {[a]: 1}',
      '- [a]: b',
      '- a: 1\n  ? {a: 1}\n  : x',
      '- a: 1\n  [a, b]: x',
      '- a: !!float 1',
      "- a: !!float '+0'",
      '- a: !!int "-0"',
      "- a: !!int '0b1'",
      "- a: !!float '-0'",
      '- a: !',
      '- a: !!map',
      '- -: !!str : x',
      '- a: "x\n  y"',
      "- a: 'x\n  y'",
      '- a: "b\\\n  c"',
      '- - "x\n  y"',
      '- a: [b,\n  c]',
      '- a: {b: 1,\n  c: 2}',
      '- a: "b"#c',
      '- [a]#c',
      '- {a: 1}#c',
      '- a: "\\U00110000"',
      `- ${'k'.repeat(1100)}: v`,
      '- \t\n  a: 1',
      '- \t# c\n  a: 1',
      '- \t\n  - a',
      '- \t!!map\n  a: 1',
      '- a: 0b11',
      '- a: -0x1',
      '- a: +.5',
      '- a: -0',
      '- a: .inf',
      '- a: 10.96.0.1',
      '- a: 1.5',
      '- a: v1.2.3',
      '- a: 2024-01-01T00:00:00Z',
      '- a: |2\n   x',
      '- a: |\n    x\n  b: y',
      '- a: b # c',
      '- uid: 7c8a0f4e-1d2b-4c5e-9f00-0123456789ab',
      '- a: 1-2',
      '- a: 2001-12-14',
      '- a: 10.0.0.0/8',
      '- a: 1.2.3/4',
      '- a: 0-1',
      '- a: 1e3-4',
      '- a: 12-',
      '- a: 0x1-2',
      '- a: 2026-01-01T00:00:00.5+01:00',
      '- a: 2026-01-01t00:00:00z',
      '- a: 2026-1-1',
      '- true: x',
      '- 12: x',
      '- "q": x',
      "- 'q''s': x",
      '- a:\n  - b\n  - "c"',
    ];
    for (const entry of entries) {
      const text = `apiVersion: v1\nkind: List\nitems:\n${entry}\n- kind: Service\n`;
      for (const sliceChars of [1, 1 << 18])
        expect(parseManifests(text, 'list.yaml', { sliceChars }), JSON.stringify(entry)).toEqual(
          whole(text, 'list.yaml'),
        );
    }
  });

  it('reads a List as kubectl get -o yaml writes it as the whole text reads', () => {
    const route = (name: string) => `- apiVersion: gateway.networking.k8s.io/v1
  kind: HTTPRoute
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"${name}"}}
    creationTimestamp: "2024-05-01T10:00:00Z"
    generation: 1
    name: ${name}
    namespace: default
    resourceVersion: "1234"
    uid: 5c2f0e1a-9b7d-4c3e-8f21-0a1b2c3d4e5f
  spec:
    hostnames:
    - ${name}.example.com
    - '*.example.com'
    parentRefs:
    - group: gateway.networking.k8s.io
      kind: Gateway
      name: web
    rules:
    - backendRefs:
      - group: ""
        kind: Service
        name: ${name}
        port: 80
        weight: 1
      matches:
      - path:
          type: PathPrefix
          value: /
  status:
    parents:
    - conditions:
      - lastTransitionTime: "2024-05-01T10:00:01Z"
        message: Route is accepted
        observedGeneration: 1
        reason: Accepted
        status: "True"
        type: Accepted
      controllerName: example.com/gateway
      parentRef:
        group: gateway.networking.k8s.io
        kind: Gateway
        name: web
`;
    const text = `apiVersion: v1\nitems:\n${route('shop')}${route('cart')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
    for (const sliceChars of [1, 1 << 18]) {
      const read = parseManifests(text, 'dump.yaml', { sliceChars });
      expect(read).toEqual(whole(text, 'dump.yaml'));
      const starts = text
        .split('\n')
        .flatMap((line, index) => (line.startsWith('- apiVersion:') ? [index + 1] : []));
      expect(read.documents.map((document) => document.source.line)).toEqual(starts);
      expect(starts).toHaveLength(2);
    }
  });

  it('gives each item the line it starts on', () => {
    const text =
      'apiVersion: v1\nitems:\n- kind: Service\n  metadata:\n    name: a\n- kind: Service\n  metadata:\n    name: b\nkind: List\n';
    expect(
      parseManifests(text, 'list.yaml', { sliceChars: 1 }).documents.map((document) => document.source.line),
    ).toEqual([3, 6]);
  });
});

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
