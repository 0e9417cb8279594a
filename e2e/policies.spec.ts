/**
 * Policies on the demo map (examples/08-policies) in Chromium: marks on the Gateway, its listener
 * and the Route they target, the edge from each policy to its target with its attachment, the
 * policy-kind filter kept in the URL, a Route's effective stack per listener and rule, a
 * policy's targets, ancestors and conditions, reported beside predicted, and a Service's stack.
 */
import type { Locator, Page } from '@playwright/test';
import { attachView, expect, mapEdge, mapNode, nodeIds, signIn, test, waitForMap } from './fixtures.ts';

const GATEWAY = 'Gateway/payments/payments-edge';
const ROUTE = 'HTTPRoute/payments/checkout';
const policyId = (kind: string, name: string) => `${kind}.gateway.envoyproxy.io/payments/${name}`;

function detailsPanel(page: Page, accessibleName: string): Locator {
  return page.getByRole('complementary', { name: `Details of ${accessibleName}` });
}

function policyMark(node: Locator, on: string): Locator {
  return node.locator(`[data-testid="policy-mark"][data-on="${on}"]`);
}

test.describe('policies on the demo map', () => {
  test.use({ colorScheme: 'light' });

  test('marks the policies on the Gateway, its listener and the Route, with an edge to each target', async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo, `/?ns=payments`);
    await waitForMap(page);
    await attachView(page, testInfo, 'payments with its policies');

    const gateway = mapNode(page, GATEWAY);
    await expect(policyMark(gateway, 'Gateway')).toHaveText('⛨4');
    await expect(policyMark(gateway, 'Gateway')).toHaveAttribute(
      'data-policies',
      new RegExp(`${policyId('ClientTrafficPolicy', 'edge-clients').replaceAll('.', '\\.')}`),
    );
    await expect(policyMark(gateway, 'listener internal')).toHaveText('⛨1');
    await expect(policyMark(gateway, 'listener public')).toHaveCount(0);

    const route = policyMark(mapNode(page, ROUTE), 'HTTPRoute');
    await expect(route).toHaveText('⛨6');
    await expect(route).toHaveClass(/gm-policy-mark--rejected/);
    await expect(route).toHaveAttribute(
      'title',
      /BackendTrafficPolicy checkout-api-limits on rule 0: Attached/,
    );
    await expect(route).toHaveAttribute('title', /SecurityPolicy checkout-auth-v2: Conflicted/);
    await expect(policyMark(mapNode(page, 'Service/payments/checkout-api'), 'Service')).toHaveAttribute(
      'data-policies',
      'BackendTLSPolicy/payments/checkout-api-tls',
    );

    await expect(
      mapEdge(page, 'policy-target', policyId('SecurityPolicy', 'checkout-auth-v2'), ROUTE),
    ).toHaveAttribute('data-reason', 'Conflicted');
    await expect(
      mapEdge(page, 'policy-target', policyId('SecurityPolicy', 'checkout-auth'), ROUTE),
    ).toHaveAttribute('data-state', 'accepted');
    const missing = mapEdge(
      page,
      'policy-target',
      policyId('SecurityPolicy', 'legacy-checkout-auth'),
      'HTTPRoute/payments/legacy-checkout',
    );
    await expect(missing).toHaveAttribute('data-state', 'unresolved');
    await expect(missing).toHaveAttribute('data-reason', 'TargetNotFound');
    await expect(mapNode(page, 'HTTPRoute/payments/legacy-checkout').locator('.gm-node')).toHaveClass(
      /is-ghost/,
    );
  });

  test('filters by policy kind, keeps the filter in the URL, and clears it', async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    const kinds = page.getByRole('group', { name: /Policy kinds/ });
    await kinds.getByRole('checkbox', { name: /^SecurityPolicy/ }).check();
    await expect(page).toHaveURL(/[?&]policy=SecurityPolicy(&|$)/);
    await waitForMap(page);
    await attachView(page, testInfo, 'SecurityPolicy only');
    const ids = await nodeIds(page);
    expect(ids).toEqual(
      expect.arrayContaining([
        policyId('SecurityPolicy', 'checkout-auth'),
        policyId('SecurityPolicy', 'checkout-auth-v2'),
        policyId('SecurityPolicy', 'legacy-checkout-auth'),
        ROUTE,
        'HTTPRoute/payments/legacy-checkout',
      ]),
    );
    expect(
      ids.filter((id) => id.startsWith('ClientTrafficPolicy') || id.startsWith('BackendTLSPolicy')),
    ).toEqual([]);
    // Objects no SecurityPolicy targets are gone, but for the Gateway and class above a match.
    expect(ids).not.toContain('HTTPRoute/infra/admin-console');
    await expect(policyMark(mapNode(page, ROUTE), 'HTTPRoute')).toHaveText('⛨2');

    await page.reload();
    await waitForMap(page);
    await expect(kinds.getByRole('checkbox', { name: /^SecurityPolicy/ })).toBeChecked();
    expect(await nodeIds(page)).toEqual(ids);

    await kinds.getByRole('button', { name: /clear/ }).click();
    await expect(page).not.toHaveURL(/[?&]policy=/);
    await expect(mapNode(page, 'HTTPRoute/infra/admin-console')).toHaveCount(1);
  });

  test("shows a Route's effective stack per listener and rule, and a policy's targets, ancestors and conditions", async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo, `/?sel=${encodeURIComponent(ROUTE)}`);
    await waitForMap(page);
    const panel = detailsPanel(page, 'HTTPRoute payments/checkout');
    const policies = panel.getByRole('region', { name: 'Effective policies' });
    await expect(policies).toBeVisible();
    await policies.scrollIntoViewIfNeeded();
    await attachView(page, testInfo, 'effective stack of the checkout Route');

    const internal = policies.locator('[data-testid="policy-stack"][data-listener="internal"]');
    const client = internal
      .locator(':scope > [data-testid="policy-kind-stack"]')
      .filter({ has: page.getByText('ClientTrafficPolicy (gateway.envoyproxy.io)') });
    // Least specific first: the Gateway's policy, then the listener's.
    await expect(client.locator('li')).toHaveText([
      /edge-clients\s+on Gateway/,
      /internal-clients\s+on listener internal/,
    ]);
    await expect(client.locator('[data-testid="policy-effective"]')).toContainText(
      'In effect: ClientTrafficPolicy payments/internal-clients (basis implementation)',
    );
    await expect(client).toContainText("how these combine is the implementation's own");
    const publicStack = policies.locator('[data-testid="policy-stack"][data-listener="public"]');
    await expect(
      publicStack
        .locator(':scope > [data-testid="policy-kind-stack"]')
        .filter({ has: page.getByText('ClientTrafficPolicy (gateway.envoyproxy.io)') })
        .locator('li'),
    ).toHaveText([/edge-clients/]);

    const security = internal
      .locator(':scope > [data-testid="policy-kind-stack"]')
      .filter({ has: page.getByText('SecurityPolicy (gateway.envoyproxy.io)') });
    await expect(security.locator('li')).toHaveText([
      /checkout-auth\s+on Route/,
      /checkout-auth-v2\s+on Route\s+Conflicted/,
    ]);

    const rule = internal.locator('[data-testid="policy-section"][data-section="api"]');
    await expect(
      rule
        .locator('[data-testid="policy-kind-stack"]')
        .filter({ has: page.getByText('BackendTrafficPolicy (gateway.envoyproxy.io)') })
        .locator('li'),
    ).toHaveText([/edge-defaults/, /checkout-retries/, /checkout-api-limits\s+on rule api/]);

    // Defaults and overrides merged field by field, each with the policy it came from; where GEP-713
    // and implementations disagree (two defaults at one level), GEP-713's with the other beside it.
    const fields = internal
      .locator(':scope > [data-testid="policy-kind-stack"]')
      .filter({ has: page.getByText('RateLimitPolicy (kuadrant.io)') })
      .locator('table.gm-policy-fields tbody tr');
    await expect(fields).toHaveCount(2);
    await expect(fields.nth(0)).toContainText('limits');
    await expect(fields.nth(0)).toContainText('RateLimitPolicy payments/checkout-rate-limits-burst defaults');
    await expect(fields.nth(0)).toContainText('implementation');
    await expect(fields.nth(0)).toContainText('from RateLimitPolicy payments/checkout-rate-limits,');
    await expect(fields.nth(1)).toContainText('when');
    await expect(fields.nth(1)).toContainText('RateLimitPolicy payments/edge-rate-guard overrides');

    // A policy's own details: its target, held by the older policy; its conditions, predicted.
    await security.getByRole('button', { name: 'SecurityPolicy payments/checkout-auth-v2' }).click();
    const loser = detailsPanel(page, 'SecurityPolicy payments/checkout-auth-v2');
    await expect(loser).toBeVisible();
    const target = loser.locator('[data-testid="policy-target"]');
    await expect(target).toContainText('Conflicted');
    await expect(target).toContainText('held by SecurityPolicy payments/checkout-auth');
    await expect(loser.locator('table.gm-conditions')).toContainText('Conflicted');
    await attachView(page, testInfo, 'a conflicted policy');

    // A policy the controller reported on: its ancestor with the reported condition beside the predicted one.
    await signIn(page, demo, `/?sel=${encodeURIComponent(policyId('ClientTrafficPolicy', 'edge-clients'))}`);
    const reported = detailsPanel(page, 'ClientTrafficPolicy payments/edge-clients');
    await expect(reported.locator('[data-testid="policy-ancestors"]')).toContainText(
      'Gateway payments/payments-edge · Accepted=True (Accepted)',
    );
    const conditions = reported.locator('table.gm-conditions');
    await expect(conditions).toContainText('ancestor Gateway payments/payments-edge');
    await expect(conditions).toContainText('Policy has been accepted.');
    await expect(conditions).toContainText('Policy is accepted.');

    // A Service's stack: its BackendTLSPolicy on the port it names.
    await signIn(page, demo, `/?sel=${encodeURIComponent('Service/payments/checkout-api')}`);
    const service = detailsPanel(page, 'Service payments/checkout-api');
    const port = service.locator('[data-testid="policy-section"][data-section="https"]');
    await expect(port.locator('li')).toHaveText([
      /BackendTLSPolicy payments\/checkout-api-tls\s+on port https/,
    ]);
  });
});
