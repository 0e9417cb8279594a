/**
 * The one-line description a node shows under its name, from the server's summary.
 */
import type { TopologyNode } from '@gatemap/topology';

export function summaryLine(node: TopologyNode): string {
  if (node.ghost) return 'referenced, but does not exist';
  if (node.unanalyzed) return 'kind or version not analyzed';
  const summary = node.summary;
  switch (summary.type) {
    case 'gatewayclass':
      return summary.controllerName;
    case 'gateway':
      return `class ${summary.className}`;
    case 'listenerset':
      return `on ${summary.parent}`;
    case 'route': {
      const hosts = summary.hostnames.length === 0 ? 'any host' : summary.hostnames.join(', ');
      return `${hosts} · ${summary.rules} rule${summary.rules === 1 ? '' : 's'}`;
    }
    case 'backend': {
      const ports = summary.ports.map(
        (port) => `${port.port}${port.protocol && port.protocol !== 'TCP' ? `/${port.protocol}` : ''}`,
      );
      return [summary.serviceType, ports.length > 0 ? `ports ${ports.join(', ')}` : undefined]
        .filter((part) => part !== undefined)
        .join(' · ');
    }
    case 'referencegrant':
      return `${summary.from.join(', ')} → ${summary.to.join(', ')}`;
    case 'policy':
      return `targets ${summary.targets.length}`;
    case 'ingress': {
      const hosts = summary.hosts.map((host) => (host === '' ? 'any host' : host));
      const served = `${summary.coverage.served}/${summary.coverage.total} served by Routes`;
      const resources = summary.resourceBackends?.length ?? 0;
      return [
        hosts.length === 0 ? 'default backend' : hosts.join(', '),
        served,
        // Resource backends have no edge: say so rather than draw nothing.
        resources > 0 ? `${resources} resource backend${resources === 1 ? '' : 's'}, not drawn` : undefined,
      ]
        .filter((part) => part !== undefined)
        .join(' · ');
    }
    case 'ingressclass':
      return `${summary.controller}${summary.isDefault ? ' · default' : ''}`;
    default:
      return '';
  }
}

/** A short CSS-safe class for a kind, so each kind gets its accent colour. */
export function kindClass(kind: string): string {
  return `kind-${kind.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}
