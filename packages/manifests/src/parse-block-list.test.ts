/**
 * Block-style YAML Lists (what `kubectl get -o yaml` writes), parsed a slice of items at a time:
 * everything must come out as the YAML parser reads the whole text: the same values, the same
 * lines, the same errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { whole, yamlValue } from '../test/yaml-readings.ts';
import { parseManifests } from './parse-manifests.ts';

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
