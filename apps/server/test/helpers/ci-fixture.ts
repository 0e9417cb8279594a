/**
 * Input shared by the tests of the CI outputs: a multi-document file (comments and blank lines
 * before some documents, `kind:` first in one) and a `kind: List`, with findings of every
 * severity, one of them on text that does not parse; and the findings as the text output prints
 * them, to hold the other outputs to the same files and lines.
 */
import { analyzeManifests, type ManifestAnalysis } from '../../src/cli/analyze-manifests.ts';
import { paletteFor } from '../../src/cli/colors.ts';
import type { InputFile } from '../../src/cli/read-inputs.ts';
import { renderText } from '../../src/cli/render-text.ts';

/** Where the tests pretend to run: paths in the outputs are relative to it. */
export const CWD = '/checkout';

export const STACK = `# The edge: a class, a Gateway, Routes.
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: edge}
spec: {controllerName: example.com/gateway}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: apps}
spec:
  gatewayClassName: missing
  listeners: [{name: http, port: 80, protocol: HTTP}]
---

# a comment before the object
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: apps}
spec:
  parentRefs: [{name: nowhere}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: good, namespace: apps}
spec:
  gatewayClassName: edge
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
kind: HTTPRoute
metadata: {name: cart, namespace: apps}
apiVersion: gateway.networking.k8s.io/v1
spec:
  parentRefs: [{name: good}]
  rules: [{backendRefs: [{name: cart, port: 80}]}]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: gadget, namespace: apps}
---
kind: [unclosed
`;

export const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: gateway.networking.k8s.io/v1
  kind: HTTPRoute
  metadata: {name: a, namespace: apps}
  spec:
    parentRefs: [{name: good}]
    rules: [{backendRefs: [{name: other, namespace: store, port: 80}]}]
- apiVersion: v1
  kind: Service
  metadata: {name: other, namespace: store}
  spec: {ports: [{port: 80}]}
- apiVersion: gateway.networking.k8s.io/v1
  kind: HTTPRoute
  metadata: {name: b, namespace: apps}
  spec:
    parentRefs: [{name: good}]
    rules: [{backendRefs: [{name: gone, port: 80}]}]
- apiVersion: gateway.networking.k8s.io/v1
  kind: Gateway
  metadata: {name: web, namespace: apps}
  spec:
    gatewayClassName: missing
    listeners: [{name: http, port: 80, protocol: HTTP}]
`;

/** Where each finding of the fixture is: code, subject, file, line. */
export const EXPECTED_PLACES: readonly (readonly [string, string, string, number])[] = [
  ['GM201', 'Gateway/apps/web', 'manifests/list.yaml', 20],
  ['GM304', 'HTTPRoute/apps/a', 'manifests/list.yaml', 4],
  ['GM305', 'HTTPRoute/apps/b', 'manifests/list.yaml', 14],
  ['GM305', 'HTTPRoute/apps/cart', 'manifests/stack.yaml', 29],
  ['GM301', 'HTTPRoute/apps/shop', 'manifests/stack.yaml', 16],
  ['GM101', 'Input/manifests/stack.yaml:41', 'manifests/stack.yaml', 41],
  // Defined in both files: reported at the later definition, which is the one analyzed.
  ['GM101', 'Gateway/apps/web', 'manifests/list.yaml', 20],
  ['GM103', 'Widget.example.com/apps/gadget', 'manifests/stack.yaml', 36],
];

export function fixtureFiles(stack = STACK, list = LIST): InputFile[] {
  return [
    { name: 'manifests/stack.yaml', text: stack },
    { name: 'manifests/list.yaml', text: list },
  ];
}

export function analyzeFixture(files: readonly InputFile[] = fixtureFiles()): ManifestAnalysis {
  return analyzeManifests(files);
}

/** The text output's findings: code, subject and the `(file:line)` it prints, in its order. */
export function textPlaces(analysis: ManifestAnalysis): [string, string, string, number][] {
  const text = renderText(analysis, paletteFor({}, {}, false));
  const places: [string, string, string, number][] = [];
  for (const line of text.split('\n')) {
    const match = /^(?:error|warning|info) +(GM\d+) (\S+).*\((.+):(\d+)\)$/.exec(line);
    if (match) places.push([match[1]!, match[2]!, match[3]!, Number(match[4])]);
  }
  return places;
}
