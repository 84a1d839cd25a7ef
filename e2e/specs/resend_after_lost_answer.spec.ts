import { test, expect } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

// The buyer's change reaches the server and lands, but the answer is lost on the way
// back. "Try again" resends it with the same Idempotency-Key: the server answers with
// the first answer, and the cross-sell is on the cart once, not twice (or refused).
test('trying again after a lost answer does not add the cross-sell twice', async ({ demo, page, engine }) => {
  const session = (await page.locator('checkout-widget').getAttribute('session'))!;
  const keys: string[] = [];
  let first = true;
  await page.route('**/api/checkout/*/cross-sells', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (first) {
      first = false;
      await route.fetch(); // the server makes the change ...
      await route.abort('connectionreset'); // ... and the answer never arrives
    } else {
      await route.continue();
    }
  });

  await demo.add(DEMO.crossSell).click();
  await expect(demo.alert).toContainText("We couldn't reach the server");
  await expect(demo.items).toHaveCount(1); // the widget shows only what the server answered
  expect((await engine.lineItems(session)).data).toHaveLength(2); // but the change landed

  await demo.tryAgain.click();
  await expect(demo.alert).toHaveCount(0);
  await expect(demo.items).toHaveCount(2);
  await expect(demo.remove(DEMO.crossSell)).toBeVisible();
  await expect(demo.total).toHaveText('$600.00');
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(keys[1]).toBe(keys[0]);
  const stored = await engine.retrieve(session);
  expect(stored.version).toBe(2); // one change, not two
  expect(stored.line_items.data.map((li: any) => li.source)).toEqual(['original', 'cross_sell']);
});

test('every buyer action carries a fresh key; a refusal offers no "Try again"', async ({ demo, page }) => {
  const keys: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.url().includes('/api/checkout/')) keys.push(r.headers()['idempotency-key'] ?? '');
  });
  await demo.upsell().click();
  await expect(demo.upsell()).toHaveAttribute('aria-checked', 'true');
  await demo.upsell().click();
  await expect(demo.upsell()).toHaveAttribute('aria-checked', 'false');
  expect(keys).toHaveLength(2);
  expect(new Set(keys).size).toBe(2);

  await page.route('**/api/checkout/*/cross-sells', (r) =>
    r.fulfill({ status: 400, contentType: 'application/json', body: '{"error":{"type":"invalid_request_error","code":"cross_sell_not_offered","message":"gone"}}' }));
  await demo.add(DEMO.crossSell).click();
  await expect(demo.alert).toContainText('That offer is no longer available.');
  await expect(demo.tryAgain).toHaveCount(0);
});
