import { describe, expect, it } from 'vitest';
import { describeRules } from './describe-rules.ts';
import { topologyEdge } from '../../test/topology-builders.ts';

describe('describeRules', () => {
  it('reads matches, filters, weighted backends with their share, and timeouts', () => {
    const route = {
      spec: {
        rules: [
          {
            matches: [
              { path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-canary', value: 'true' }] },
            ],
            filters: [
              {
                type: 'RequestHeaderModifier',
                requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }], remove: ['x-b'] },
              },
              {
                type: 'RequestMirror',
                requestMirror: { backendRef: { name: 'shadow', namespace: 'stg', port: 80 } },
              },
            ],
            backendRefs: [
              { name: 'v1', port: 8080, weight: 90 },
              { name: 'v2', port: 8080, weight: 10 },
            ],
            timeouts: { request: '10s' },
          },
          {},
        ],
      },
    };
    const edges = [
      topologyEdge({
        type: 'backend',
        from: 'r',
        to: 'v1',
        field: 'spec.rules[0].backendRefs[0]',
        share: 90,
      }),
      topologyEdge({
        type: 'backend',
        from: 'r',
        to: 'v2',
        field: 'spec.rules[0].backendRefs[1]',
        share: 10,
        state: 'unresolved',
        reason: 'BackendNotFound',
      }),
    ];
    const [first, second] = describeRules(route, edges);
    expect(first).toEqual({
      index: 0,
      name: undefined,
      matches: ['path PathPrefix /api, header x-canary = true'],
      filters: ['RequestHeaderModifier: set x-a: 1, remove x-b', 'RequestMirror: to stg/shadow:80'],
      backends: [
        {
          field: 'spec.rules[0].backendRefs[0]',
          ref: 'v1:8080',
          weight: 90,
          share: 90,
          state: 'resolved',
          reason: 'ResolvedRefs',
        },
        {
          field: 'spec.rules[0].backendRefs[1]',
          ref: 'v2:8080',
          weight: 10,
          share: 10,
          state: 'unresolved',
          reason: 'BackendNotFound',
        },
      ],
      timeouts: 'request 10s',
    });
    expect(second).toMatchObject({ matches: [], filters: [], backends: [] });
  });

  it('reads gRPC method matches and survives malformed rules', () => {
    const rules = describeRules(
      { spec: { rules: [{ matches: [{ method: { service: 'inv.Inventory', method: 'Get' } }] }, 'junk'] } },
      [],
    );
    expect(rules[0]?.matches).toEqual(['method Exact inv.Inventory/Get']);
    expect(rules[1]?.backends).toEqual([]);
  });
});
