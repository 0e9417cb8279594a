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
