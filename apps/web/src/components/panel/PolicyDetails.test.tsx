import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ObjectKey, ObjectPolicies, PolicyStackEntry } from '@gatemap/topology';
import { PolicyDetails } from './PolicyDetails.tsx';

const key = (name: string) => `RateLimitPolicy.kuadrant.io/payments/${name}` as ObjectKey;
const entry = (
  name: string,
  level: PolicyStackEntry['level'],
  state: PolicyStackEntry['state'] = 'attached',
) =>
  ({
    policy: key(name),
    kind: 'kuadrant.io/RateLimitPolicy',
    level,
    target: 'HTTPRoute/payments/checkout' as ObjectKey,
    state,
    stanzas: 'defaults',
  }) satisfies PolicyStackEntry;

const ROUTE: ObjectPolicies = {
  type: 'route',
  stacks: [
    {
      route: 'HTTPRoute/payments/checkout' as ObjectKey,
      parent: 'Gateway/payments/edge' as ObjectKey,
      gateway: 'Gateway/payments/edge' as ObjectKey,
      listener: 'public',
      kinds: [
        {
          kind: 'kuadrant.io/RateLimitPolicy',
          entries: [entry('edge', 'gateway'), entry('old', 'route'), entry('new', 'route')],
          merge: 'fields',
          fields: [
            {
              field: 'limits',
              value: { burst: 50 },
              from: key('new'),
              stanza: 'defaults',
              basis: 'implementation',
              alternative: { from: key('old'), value: { steady: 20 } },
            },
          ],
        },
      ],
      rules: [],
    },
  ],
};

describe('PolicyDetails', () => {
  it('lists a stack in order with its merged fields, the disputed one with the alternative', () => {
    const onSelect = vi.fn();
    render(<PolicyDetails policies={ROUTE} onSelect={onSelect} />);
    const stack = screen.getByTestId('policy-kind-stack');
    expect(
      within(stack)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'RateLimitPolicy payments/edge on Gateway · defaults',
      'RateLimitPolicy payments/old on Route · defaults',
      'RateLimitPolicy payments/new on Route · defaults',
    ]);
    const row = within(stack).getByRole('row', { name: /limits/ });
    expect(row.textContent).toContain('{"burst":50}');
    expect(row.textContent).toContain('implementation');
    expect(row.textContent).toContain('or {"steady":20} from RateLimitPolicy payments/old');
    fireEvent.click(within(row).getByRole('button', { name: 'RateLimitPolicy payments/old' }));
    expect(onSelect).toHaveBeenCalledWith(key('old'));
    expect(stack.textContent).toContain('Merged field by field');
  });

  it("shows a Service's stack per port, a conflicted BackendTLSPolicy after the one that holds the port", () => {
    const tls = (name: string, state: PolicyStackEntry['state']) =>
      ({
        policy: `BackendTLSPolicy/payments/${name}` as ObjectKey,
        kind: 'gateway.networking.k8s.io/BackendTLSPolicy',
        level: 'service-port',
        target: 'Service/payments/checkout-api' as ObjectKey,
        sectionName: 'https',
        state,
        stanzas: 'none',
      }) satisfies PolicyStackEntry;
    render(
      <PolicyDetails
        policies={{
          type: 'service',
          stack: {
            service: 'Service/payments/checkout-api' as ObjectKey,
            kinds: [],
            ports: [
              {
                name: 'https',
                kinds: [
                  {
                    kind: 'gateway.networking.k8s.io/BackendTLSPolicy',
                    entries: [tls('checkout-api-tls', 'attached'), tls('checkout-api-tls-v2', 'conflicted')],
                    merge: 'none',
                  },
                ],
              },
            ],
          },
        }}
        onSelect={() => undefined}
      />,
    );
    const port = screen.getByTestId('policy-section');
    expect(port.getAttribute('data-section')).toBe('https');
    expect(
      within(port)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'BackendTLSPolicy payments/checkout-api-tls on port https',
      'BackendTLSPolicy payments/checkout-api-tls-v2 on port https Conflicted',
    ]);
  });

  it('says so when no policy applies anywhere', () => {
    render(
      <PolicyDetails
        policies={{ type: 'listeners', listeners: [{ listener: 'http', kinds: [] }] }}
        onSelect={() => undefined}
      />,
    );
    expect(screen.getByRole('region', { name: 'Effective policies' }).textContent).toContain(
      'No policy applies here.',
    );
    expect(screen.queryByTestId('policy-stack')).toBeNull();
  });
});
