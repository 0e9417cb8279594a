/** Builders shared by the replacement tests: a topology with a Gateway and Services, and its plan. */
import {
  gateway,
  gatewayClass,
  ingress,
  service,
  type IngressInput,
  type KubeObject,
} from '@gatemap/fixtures';
import { planMigration, type MigrationPlan } from './migration-plan.ts';
import { decoded } from './test-support.ts';

export const A = 'nginx.ingress.kubernetes.io/';
export const HOST = 'example.com';

export function plan(ingresses: KubeObject[], extra: KubeObject[] = []): MigrationPlan {
  const objects = [
    gatewayClass(),
    gateway({ listeners: [{ name: 'http' }] }),
    service({ name: 'svc', ports: [80] }),
    service({ name: 'canary', ports: [80] }),
    ...extra,
    ...ingresses,
  ];
  return planMigration({ objects: objects.map(decoded) });
}

export function ing(input: IngressInput = {}): KubeObject {
  return ingress({
    name: 'test',
    rules: [{ host: HOST, paths: [{ path: '/', backend: 'svc:80' }] }],
    ...input,
  });
}

/** The spec of a proposed object by kind and name. */
export function spec(result: MigrationPlan, key: string): Record<string, unknown> | undefined {
  return result.proposed.find((item) => item.key === key)?.object.spec;
}

export function rules(result: MigrationPlan, key = 'HTTPRoute/default/test-example-com'): unknown {
  return spec(result, key)?.['rules'];
}

export const tlsSecret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'secret', namespace: 'default' },
  type: 'kubernetes.io/tls',
};
