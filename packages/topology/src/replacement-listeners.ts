/**
 * The listeners of the picked Gateway that the replacement's routes attach to, and those it
 * lacks, added as ingress2gateway names them (X5), with the ReferenceGrants a Secret of another
 * namespace needs.
 */
import type { Listener } from './gateway-api.ts';
import type { GeneratedObject, ReplacementTarget } from './replacement-target.ts';
import { listenerCovers } from './ingress-route-index.ts';
import { nameFromHost } from './replacement-names.ts';

const GATEWAY_API = 'gateway.networking.k8s.io/v1';

/** A group of paths by namespace and host, as far as its listeners go. */
export interface ListenerGroup {
  readonly namespace: string;
  readonly host: string | undefined;
  readonly tlsSecrets: ReadonlySet<string>;
  /** For the group without host: the host its HTTPS listener serves (E15). */
  readonly tlsHost?: string | undefined;
}

/**
 * The listeners of the picked Gateway the routes attach to, and those it lacks (added as
 * ingress2gateway names them, X5: `<host>-http` on 80, `<host>-https` on 443 with the Secrets).
 */
export class ListenerPlan {
  readonly grants: GeneratedObject[] = [];
  private readonly target: ReplacementTarget;
  private readonly listeners: Listener[];
  private readonly added: Listener[] = [];

  constructor(target: ReplacementTarget) {
    this.target = target;
    this.listeners = [...(target.gateway?.spec.listeners ?? [])];
  }

  changed(): boolean {
    return this.added.length > 0;
  }

  /** The parentRef to an HTTP listener serving `host` in `namespace`, adding one if none does. */
  http(namespace: string, host: string | undefined): Record<string, unknown> {
    const found = this.find('HTTP', host, () => true);
    if (found) return this.parentRef(namespace, found.name);
    return this.add(namespace, {
      name: `${nameFromHost(host)}-http`,
      port: 80,
      protocol: 'HTTP',
      ...(host === undefined ? {} : { hostname: host }),
    });
  }

  /** The parentRef to an HTTPS listener for the group's host with its Secrets, adding one if none has them. */
  https(group: ListenerGroup): Record<string, unknown> | undefined {
    const gatewayNamespace = this.target.namespace;
    const secrets = [...group.tlsSecrets];
    const host = group.host ?? group.tlsHost;
    const found = this.find('HTTPS', host, (listener) =>
      secrets.every((secret) =>
        (listener.tls?.certificateRefs ?? []).some(
          (ref) => ref.name === secret && (ref.namespace ?? gatewayNamespace) === group.namespace,
        ),
      ),
    );
    if (found) return this.parentRef(group.namespace, found.name);
    if (secrets.length === 0 || host === undefined) return undefined;
    if (group.namespace !== gatewayNamespace)
      this.grants.push({
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: {
          name: `allow-${gatewayNamespace}-gateway-to-${nameFromHost(host)}-tls`,
          namespace: group.namespace,
        },
        spec: {
          from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: gatewayNamespace }],
          to: secrets.map((name) => ({ group: '', kind: 'Secret', name })),
        },
      });
    return this.add(group.namespace, {
      name: `${nameFromHost(host)}-https`,
      port: 443,
      protocol: 'HTTPS',
      hostname: host,
      tls: {
        mode: 'Terminate',
        certificateRefs: secrets.map((name) => ({
          name,
          ...(group.namespace === gatewayNamespace ? {} : { namespace: group.namespace }),
        })),
      },
    });
  }

  gatewayObject(): GeneratedObject {
    const gateway = this.target.gateway;
    return {
      apiVersion: gateway?.apiVersion ?? GATEWAY_API,
      kind: 'Gateway',
      metadata: { name: this.target.name, namespace: this.target.namespace },
      spec: { ...(gateway?.spec ?? { gatewayClassName: 'CHANGE-ME' }), listeners: this.listeners },
    };
  }

  private find(
    protocol: string,
    host: string | undefined,
    accepts: (listener: Listener) => boolean,
  ): Listener | undefined {
    const candidates = this.listeners.filter(
      (listener) =>
        listener.protocol === protocol &&
        (host === undefined ? listener.hostname === undefined : listenerCovers(listener.hostname, host)) &&
        accepts(listener),
    );
    // The most specific listener first: the host itself, then a wildcard, then none.
    return (
      candidates.find((listener) => listener.hostname === host) ??
      candidates.find((listener) => listener.hostname !== undefined) ??
      candidates[0]
    );
  }

  private add(namespace: string, wanted: Listener): Record<string, unknown> {
    // E5: `*.foo.com` and `foo.com` both name `foo-com-…`; a later one takes a number.
    let name = wanted.name;
    for (let count = 2; this.listeners.some((existing) => existing.name === name); count++)
      name = `${wanted.name}-${count}`;
    const listener = { ...wanted, name };
    const allowed =
      namespace === this.target.namespace
        ? listener
        : {
            ...listener,
            allowedRoutes: {
              namespaces: {
                from: 'Selector',
                selector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
              },
            },
          };
    this.listeners.push(allowed);
    this.added.push(allowed);
    return this.parentRef(namespace, listener.name);
  }

  private parentRef(namespace: string, sectionName: string): Record<string, unknown> {
    return {
      name: this.target.name,
      ...(namespace === this.target.namespace ? {} : { namespace: this.target.namespace }),
      sectionName,
    };
  }
}
