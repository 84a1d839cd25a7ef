import { test, expect, CheckoutWidget } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';
import type { Route } from '@playwright/test';

const cases: [string, (route: Route) => Promise<void>, string][] = [
  ['the server answers 500', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"type":"api_error","code":"internal_error","message":"boom"}}' }), 'Something went wrong on our end'],
  ['the server is down', (r) => r.abort('connectionrefused'), "We couldn't reach the server"],
  ['the answer is HTML', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Gateway</body></html>' }), 'unexpected answer'],
  ['the answer is JSON of the wrong shape', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"id":1}' }), 'unexpected answer'],
];

for (const [name, respond, message] of cases) {
  test(`a failed update keeps the cart when ${name}`, async ({ demo, page }) => {
    await page.route('**/api/checkout/*/upsell', respond);
    await demo.upsell().click();
    await expect(demo.alert).toContainText(message);
    await expect(demo.alert).toContainText('Your cart has not changed.');
    await expect(demo.upsell()).toHaveAttribute('aria-checked', 'false');
    await expect(demo.total).toHaveText('$100.00');
    await expect(demo.region).toHaveAttribute('aria-busy', 'false');
    await expect(demo.upsell()).toBeEnabled();
    await expect(demo.add(DEMO.crossSell)).toBeEnabled();

    // The buyer tries again once the server is back: it works and the alert goes away.
    await page.unroute('**/api/checkout/*/upsell');
    await demo.upsell().click();
    await expect(demo.upsell()).toHaveAttribute('aria-checked', 'true');
    await expect(demo.alert).toHaveCount(0);
  });
}

test('a refusal from the server is explained and nothing changes', async ({ demo, page }) => {
  await page.route('**/api/checkout/*/cross-sells', (r) =>
    r.fulfill({ status: 400, contentType: 'application/json', body: '{"error":{"type":"invalid_request_error","code":"cross_sell_not_offered","message":"gone"}}' }));
  await demo.add(DEMO.crossSell).click();
  await expect(demo.alert).toContainText('That offer is no longer available.');
  await expect(demo.items).toHaveCount(1);
  await expect(demo.total).toHaveText('$100.00');
});

test('an update that takes longer than 20 seconds is abandoned', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  const widget = new CheckoutWidget(page, page.locator('checkout-widget'));
  await widget.ready();
  let requests = 0;
  await page.route('**/api/checkout/*/upsell', () => { requests += 1; /* never answers */ });
  await widget.upsell().click();
  await expect(widget.region).toHaveAttribute('aria-busy', 'true');
  await expect(widget.upsell()).toBeDisabled();
  await page.clock.fastForward(20_500);
  await expect(widget.alert).toContainText('The server took too long to answer');
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'false');
  await expect(widget.total).toHaveText('$100.00');
  await expect(widget.upsell()).toBeEnabled();
  expect(requests).toBe(1); // nothing was retried behind the buyer's back
});
