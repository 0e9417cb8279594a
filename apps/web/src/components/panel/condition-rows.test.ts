import { describe, expect, it } from 'vitest';
import type { ObjectResponse } from '@gatemap/topology';
import { conditionRows } from './condition-rows.ts';
import { topologyNode } from '../../test/topology-builders.ts';

const node = topologyNode({ kind: 'HTTPRoute', namespace: 'shop', name: 'store', generation: 3 });

function response(overrides: Partial<ObjectResponse>): ObjectResponse {
  return { cluster: 'demo', node, object: {}, yaml: '', reported: [], findings: [], edges: [], ...overrides };
}

describe('conditionRows', () => {
  it('puts reported and predicted conditions of the same parent side by side, calling out stale ones', () => {
    const rows = conditionRows(
      response({
        predicted: {
          kind: 'route',
          status: {
            parents: [
              {
                parentRef: { name: 'web', namespace: 'infra' },
                controllerName: 'example.com/gateway',
                conditions: [
                  {
                    type: 'Accepted',
                    status: 'False',
                    reason: 'NotAllowedByListeners',
                    message: 'no',
                    basis: 'spec',
                  },
                ],
              },
            ],
          },
        },
        reported: [
          {
            scope: 'parent Gateway infra/web',
            parentRef: { name: 'web', namespace: 'infra' },
            conditions: [
              { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'ok', observedGeneration: 2 },
              {
                type: 'ResolvedRefs',
                status: 'True',
                reason: 'ResolvedRefs',
                message: 'ok',
                observedGeneration: 3,
              },
            ],
          },
        ],
      }),
    );
    expect(
      rows.map((row) => [
        row.scope,
        row.type,
        row.reported?.reason,
        row.predicted?.reason,
        row.stale,
        row.differs,
      ]),
    ).toEqual([
      ['parent Gateway infra/web', 'Accepted', 'Accepted', 'NotAllowedByListeners', true, true],
      ['parent Gateway infra/web', 'ResolvedRefs', 'ResolvedRefs', undefined, false, false],
    ]);
  });

  it('does not count a runtime-only prediction as a disagreement', () => {
    const rows = conditionRows(
      response({
        predicted: {
          kind: 'gatewayclass',
          status: {
            conditions: [
              { type: 'Programmed', status: 'Unknown', reason: 'Pending', message: '', basis: 'runtime' },
            ],
          },
        },
        reported: [
          {
            scope: 'status',
            conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed', message: '' }],
          },
        ],
      }),
    );
    expect(rows[0]?.differs).toBe(false);
  });
});
