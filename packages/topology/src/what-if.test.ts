import {
  gateway,
  gatewayClass,
  httpRoute,
  namespace,
  referenceGrant,
  service,
  type KubeObject,
} from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import type { ObjectKey } from './object-key.ts';
import { backendTLSPolicy, decoded, policyScene, TS_NEW, TS_OLD } from './test-support.ts';
import type { VerdictChange } from './verdicts.ts';
import { predictChange, splitDeletions, type PredictedChange } from './what-if.ts';

const ROUTE = 'HTTPRoute/shop/web' as ObjectKey;
const GATEWAY = 'Gateway/infra/web' as ObjectKey;
const PARENT = 'parent:Gateway/infra/web';

function predict(input: {
  base: readonly KubeObject[];
  upserts?: readonly KubeObject[];
  deletes?: readonly string[];
}): PredictedChange {
  return predictChange({
    base: input.base.map(decoded),
    overlay: {
      upserts: (input.upserts ?? []).map(decoded),
      deletes: (input.deletes ?? []).map((key) => key as ObjectKey),
    },
  });
}

function change(result: PredictedChange, key: string, id: string): VerdictChange | undefined {
  return result.verdicts.find((item) => item.key === key && item.id === id);
}

/** `direction before → after` of a verdict change, for compact expectations. */
function flip(result: PredictedChange, key: string, id: string): string | undefined {
  const found = change(result, key, id);
  return found && `${found.direction} ${found.before?.value ?? '-'} → ${found.after?.value ?? '-'}`;
}

const web = (listener: Record<string, unknown> = {}) =>
  gateway({
    name: 'web',
    namespace: 'infra',
    listeners: [{ allowedRoutes: { namespaces: { from: 'All' } }, ...listener }],
  });
const route = (input: { backends?: string[]; hostnames?: string[] } = {}) =>
  httpRoute({
    name: 'web',
    namespace: 'shop',
    parentRefs: [{ name: 'web', namespace: 'infra' }],
    backends: input.backends ?? ['backend:80'],
    ...(input.hostnames ? { hostnames: input.hostnames } : {}),
  });
const shopService = service({ namespace: 'shop' });

describe('predictChange: a Namespace label a listener selects', () => {
  const selecting = web({
    allowedRoutes: {
      namespaces: { from: 'Selector', selector: { matchLabels: { environment: 'production' } } },
    },
  });
  const labelled = namespace({ name: 'shop', labels: { environment: 'production' } });
  const bare = namespace({ name: 'shop' });
  const scene = [gatewayClass(), selecting, shopService, route()];

  it('removing the label rejects the Route (NotAllowedByListeners) and breaks', () => {
    const result = predict({ base: [...scene, labelled], upserts: [bare] });
    expect(flip(result, ROUTE, `${PARENT}:Accepted`)).toBe(
      'broke True (Accepted) → False (NotAllowedByListeners)',
    );
    expect(change(result, ROUTE, `${PARENT}:Accepted`)?.message).toBe(
      'HTTPRoute shop/web: Accepted True → False (NotAllowedByListeners) on parent Gateway infra/web',
    );
    expect(flip(result, GATEWAY, 'listener:http:attachedRoutes')).toBe('changed 1 → 0');
    expect(result.objects).toEqual([
      {
        key: 'Namespace/shop',
        change: 'replaced',
        fields: [{ path: 'metadata.labels', before: { environment: 'production' } }],
      },
    ]);
    expect(result.breaks).toBe(true);
    expect(result.verdicts[0]?.direction).toBe('broke');
  });

  it('adding it back accepts the Route again, and breaks nothing', () => {
    const result = predict({ base: [...scene, bare], upserts: [labelled] });
    expect(flip(result, ROUTE, `${PARENT}:Accepted`)).toBe(
      'recovered False (NotAllowedByListeners) → True (Accepted)',
    );
    expect(result.breaks).toBe(false);
  });
});

describe('predictChange: the ReferenceGrant a cross-namespace backendRef needs', () => {
  const crossing = route({ backends: ['infra/backend:80'] });
  const grant = referenceGrant({ namespace: 'infra', from: [{ kind: 'HTTPRoute', namespace: 'shop' }] });
  const scene = [gatewayClass(), web(), service({ namespace: 'infra' }), crossing];

  it('deleting it fails ResolvedRefs (RefNotPermitted) and raises an error finding', () => {
    const result = predict({ base: [...scene, grant], deletes: ['ReferenceGrant/infra/grant'] });
    expect(flip(result, ROUTE, `${PARENT}:ResolvedRefs`)).toBe(
      'broke True (ResolvedRefs) → False (RefNotPermitted)',
    );
    const raised = result.verdicts.find((item) => item.key === ROUTE && item.after?.type === 'GM304');
    expect(raised?.direction).toBe('broke');
    expect(raised?.message).toMatch(
      /^HTTPRoute shop\/web: error GM304 \(Cross-namespace reference .*\) raised at spec\.rules\[0\]/,
    );
    expect(result.objects).toEqual([{ key: 'ReferenceGrant/infra/grant', change: 'removed', fields: [] }]);
    expect(result.breaks).toBe(true);
  });

  it('adding it resolves the reference and clears the finding', () => {
    const result = predict({ base: scene, upserts: [grant] });
    expect(flip(result, ROUTE, `${PARENT}:ResolvedRefs`)).toBe(
      'recovered False (RefNotPermitted) → True (ResolvedRefs)',
    );
    expect(result.verdicts.find((item) => item.before?.type === 'GM304')?.direction).toBe('recovered');
    expect(result.objects[0]?.change).toBe('added');
    expect(result.breaks).toBe(false);
  });
});

describe("predictChange: a listener's hostname", () => {
  const named = route({ hostnames: ['shop.example.com'] });
  const scene = [gatewayClass(), shopService, named];

  it('one that no longer intersects the Route hostnames rejects it (NoMatchingListenerHostname)', () => {
    const result = predict({
      base: [...scene, web({ hostname: '*.example.com' })],
      upserts: [web({ hostname: '*.example.org' })],
    });
    expect(flip(result, ROUTE, `${PARENT}:Accepted`)).toBe(
      'broke True (Accepted) → False (NoMatchingListenerHostname)',
    );
    expect(result.objects[0]?.fields).toEqual([
      { path: 'spec.listeners[http].hostname', before: '*.example.com', after: '*.example.org' },
    ]);
    expect(result.breaks).toBe(true);
  });

  it('one that intersects again accepts it', () => {
    const result = predict({
      base: [...scene, web({ hostname: '*.example.org' })],
      upserts: [web({ hostname: '*.example.com' })],
    });
    expect(flip(result, ROUTE, `${PARENT}:Accepted`)).toBe(
      'recovered False (NoMatchingListenerHostname) → True (Accepted)',
    );
    expect(result.breaks).toBe(false);
  });
});

describe('predictChange: Routes coming and going', () => {
  const scene = [gatewayClass(), web(), shopService];

  it('a new Route that attaches adds working verdicts and breaks nothing', () => {
    const result = predict({ base: scene, upserts: [route()] });
    expect(flip(result, ROUTE, `${PARENT}:Accepted`)).toBe('changed - → True (Accepted)');
    expect(flip(result, GATEWAY, 'listener:http:attachedRoutes')).toBe('changed 0 → 1');
    expect(result.objects).toEqual([{ key: ROUTE, change: 'added', fields: [] }]);
    expect(result.breaks).toBe(false);
  });

  it('a new Route that does not attach is listed as a problem, but breaks nothing that worked', () => {
    const result = predict({ base: scene, upserts: [route({ backends: ['missing:80'] })] });
    const resolved = change(result, ROUTE, `${PARENT}:ResolvedRefs`);
    expect(resolved?.direction).toBe('changed');
    expect(resolved?.after?.ok).toBe(false);
    expect(result.breaks).toBe(false);
  });

  it('deleting a Route (`$patch: delete`) yields no verdicts of its own, and breaks nothing', () => {
    const { upserts, deletes } = splitDeletions([
      {
        source: { file: 'change.yaml', line: 1 },
        value: {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          metadata: { name: 'web', namespace: 'shop' },
          $patch: 'delete',
        },
      },
    ]);
    expect(upserts).toEqual([]);
    expect(deletes).toEqual([ROUTE]);
    const result = predict({ base: [...scene, route()], deletes });
    expect(result.verdicts.filter((item) => item.key === ROUTE)).toEqual([]);
    expect(flip(result, GATEWAY, 'listener:http:attachedRoutes')).toBe('changed 1 → 0');
    expect(result.objects).toEqual([{ key: ROUTE, change: 'removed', fields: [] }]);
    expect(result.breaks).toBe(false);
  });

  it("deleting the Gateway a Route attaches to breaks the Route's parent", () => {
    const result = predict({ base: [...scene, route()], deletes: [GATEWAY] });
    expect(flip(result, ROUTE, `${PARENT}:Accepted`)).toBe('broke True (Accepted) → -');
    expect(change(result, ROUTE, `${PARENT}:Accepted`)?.message).toBe(
      'HTTPRoute shop/web: Accepted True → absent on parent Gateway infra/web',
    );
    expect(result.verdicts.filter((item) => item.key === GATEWAY)).toEqual([]);
    expect(result.breaks).toBe(true);
  });

  it('applies an object given twice as given last', () => {
    const result = predict({ base: scene, upserts: [route({ backends: ['missing:80'] }), route()] });
    expect(result.objects).toEqual([{ key: ROUTE, change: 'added', fields: [] }]);
    expect(change(result, ROUTE, `${PARENT}:ResolvedRefs`)?.after?.ok).toBe(true);
  });

  it('applying the objects as they are changes nothing', () => {
    const result = predict({ base: [...scene, route()], upserts: [route()] });
    expect(result.objects).toEqual([{ key: ROUTE, change: 'unchanged', fields: [] }]);
    expect(result.verdicts).toEqual([]);
    expect(result.breaks).toBe(false);
  });
});

describe('predictChange: what breaks', () => {
  it('a listener that stops being accepted breaks (Programmed/Accepted True → False)', () => {
    const result = predict({
      base: [gatewayClass(), web()],
      upserts: [web({ name: 'http', protocol: 'NOPE' })],
    });
    const broke = result.verdicts.filter((item) => item.direction === 'broke').map((item) => item.id);
    expect(broke).toEqual(
      expect.arrayContaining(['listener:http:Accepted', 'listener:http:Programmed', 'status:Accepted']),
    );
    expect(result.breaks).toBe(true);
  });

  it('does not count an error finding of a code the object already had', () => {
    const scene = [gatewayClass(), web(), shopService];
    const result = predict({
      base: [...scene, route({ backends: ['missing:80', 'backend:80'] })],
      upserts: [route({ backends: ['missing:80', 'gone:80'] })],
    });
    const raised = result.verdicts.filter((item) => item.after?.type === 'GM305' && !item.before);
    expect(raised.map((item) => item.direction)).toEqual(['broke']);
    expect(result.breaks).toBe(false);
  });

  it('keeps the status of the object an overlay object without status replaces', () => {
    // A class no controller has accepted: its reported status raises GM202 until one does.
    const pending = gatewayClass({
      status: { conditions: [{ type: 'Accepted', status: 'Unknown', reason: 'Pending', message: '' }] },
    });
    const result = predict({ base: [pending, web()], upserts: [gatewayClass()] });
    expect(result.objects[0]?.change).toBe('unchanged');
    expect(result.verdicts).toEqual([]);
  });

  it('keeps the age of the object an overlay object without creationTimestamp replaces', () => {
    // The older of two policies on one Service is accepted; a re-applied manifest has no age of its own.
    const older = backendTLSPolicy({ name: 'b', creationTimestamp: TS_OLD });
    const result = predict({
      base: policyScene(backendTLSPolicy({ name: 'a', creationTimestamp: TS_NEW }), older),
      upserts: [backendTLSPolicy({ name: 'b' })],
    });
    expect(result.objects[0]?.change).toBe('unchanged');
    expect(result.verdicts).toEqual([]);
    expect(result.breaks).toBe(false);
  });
});

describe('splitDeletions', () => {
  const at = (line: number) => ({ file: 'change.yaml', line });

  it('keys a deletion as its object would be keyed, defaulting the namespace of namespaced kinds', () => {
    const { deletes } = splitDeletions(
      [
        {
          source: at(1),
          value: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, $patch: 'delete' },
        },
        {
          source: at(2),
          value: {
            apiVersion: 'gateway.networking.k8s.io/v1beta1',
            kind: 'ReferenceGrant',
            metadata: { name: 'grant' },
            $patch: 'delete',
          },
        },
      ],
      'infra',
    );
    expect(deletes).toEqual(['Namespace/shop', 'ReferenceGrant/infra/grant']);
  });

  it('leaves other documents, and malformed deletions, to be ingested', () => {
    const documents = [
      { source: at(1), value: route() },
      { source: at(2), value: { kind: 'HTTPRoute', metadata: { name: 'x' }, $patch: 'delete' } },
      { source: at(3), value: 'text' },
    ];
    expect(splitDeletions(documents)).toEqual({ upserts: documents, deletes: [] });
  });
});

describe('predictChange: findings and readable namespaces', () => {
  const scene = [gatewayClass(), web(), shopService];

  it('gives the finding of each raised finding verdict, in the order of the changes', () => {
    const result = predict({ base: scene, upserts: [route({ backends: ['missing:80'] })] });
    const raised = result.verdicts.filter((item) => item.after?.aspect === 'finding');
    expect(raised.length).toBeGreaterThan(0);
    expect(result.findings.map((item) => [item.subject, `finding:${item.id}`])).toEqual(
      raised.map((item) => [item.key, item.id]),
    );
    expect(result.findings[0]?.message).toContain('missing');
  });

  it('gives a cleared finding as it was before the change', () => {
    const result = predict({ base: [...scene, route({ backends: ['missing:80'] })], upserts: [route()] });
    const cleared = result.verdicts.filter((item) => item.before?.aspect === 'finding' && !item.after);
    expect(cleared.length).toBeGreaterThan(0);
    expect(result.findings.map((item) => `finding:${item.id}`)).toEqual(cleared.map((item) => item.id));
    expect(result.findings[0]?.message).toContain('missing');
  });

  it('takes a Secret in a namespace the base could not read as not checked, not missing', () => {
    const tls = web({ name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'tls' }] } });
    const listener = 'listener:https:ResolvedRefs';
    const unreadable = predictChange({
      base: scene.map(decoded),
      overlay: { upserts: [decoded(tls)], deletes: [] },
      readable: [{ kind: 'Secret', namespaces: ['shop'] }],
    });
    expect(change(unreadable, GATEWAY, listener)?.after?.ok).toBe(true);
    expect(unreadable.breaks).toBe(false);
    const readable = predictChange({
      base: scene.map(decoded),
      overlay: { upserts: [decoded(tls)], deletes: [] },
    });
    expect(change(readable, GATEWAY, listener)?.after?.ok).toBe(false);
  });
});
