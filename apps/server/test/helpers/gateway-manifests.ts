/**
 * Manifests the tests start from. For the command-line tests, as a user writes them: GatewayClass
 * `example`, Gateway `web` with listener `http` (HTTP on port 80), and the Service its Routes send
 * to. For the integration tests, a GatewayClass of their own.
 */
export function gatewayManifests(input: {
  /** The Gateway's. */
  readonly namespace: string;
  /** Whether the listener takes Routes of every namespace, not only of its own. */
  readonly allNamespaces?: boolean;
  readonly service: {
    readonly name: string;
    readonly namespace: string;
    readonly port: number;
    readonly portName?: string;
  };
}): string {
  const { namespace, allNamespaces = false, service } = input;
  const allowedRoutes = allNamespaces ? ', allowedRoutes: {namespaces: {from: All}}' : '';
  const portName = service.portName === undefined ? '' : `name: ${service.portName}, `;
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: example}
spec: {controllerName: example.com/gateway}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: ${namespace}}
spec:
  gatewayClassName: example
  listeners: [{name: http, port: 80, protocol: HTTP${allowedRoutes}}]
---
apiVersion: v1
kind: Service
metadata: {name: ${service.name}, namespace: ${service.namespace}}
spec: {ports: [{${portName}port: ${service.port}}]}
`;
}

/** A GatewayClass of the integration tests' own controller name, which no controller serves. */
export function testGatewayClass(name: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: ${name}}
spec: {controllerName: example.com/gatemap-test}
`;
}
