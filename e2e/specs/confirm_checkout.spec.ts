import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

test('the buyer upgrades to yearly, adds the cross-sell and subscribes; fulfilment reads both', async ({ demo, page, engine }) => {
  const session = (await page.locator('checkout-widget').getAttribute('session'))!;
  await expect(demo.text(/^Test mode$/)).toBeVisible();

  await demo.upsell().click();
  await expect(demo.upsell()).toHaveAttribute('aria-checked', 'true');
  await demo.add(DEMO.crossSell).click();
  await expect(demo.remove(DEMO.crossSell)).toBeVisible();
  await expect(demo.total).toHaveText('$1,500.00');

  await demo.email.fill('anna@example.com');
  await demo.confirm().click();
  await expect(demo.done).toContainText('Thank you! Your subscription is active.');
  await expect(demo.done).toContainText('$1,500.00');
  await expect(demo.confirm()).toHaveCount(0);
  await expect(demo.upsell()).toHaveCount(0);

  const stored = await engine.retrieve(session);
  expect(stored.status).toBe('complete');
  expect(stored.payment_status).toBe('paid');
  expect(stored.customer_details.email).toBe('anna@example.com');
  const items = await engine.lineItems(session);
  expect(items.data.map((li: any) => [li.source, li.price.id, li.quantity])).toEqual([
    ['original', DEMO.yearly, 1],
    ['cross_sell', DEMO.deployment, 1],
  ]);
});

test('confirm is locked while an update runs, so it can never race one', async ({ demo, page, engine }) => {
  const session = (await page.locator('checkout-widget').getAttribute('session'))!;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/checkout/*/upsell', async (route) => { await held; await route.continue(); });

  await demo.upsell().click();
  await expect(demo.region).toHaveAttribute('aria-busy', 'true');
  await expect(demo.confirm()).toBeDisabled();
  await demo.confirm().click({ force: true }); // a forced press while locked does nothing
  release();
  await expect(demo.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(demo.confirm()).toBeEnabled();
  expect((await engine.retrieve(session)).status).toBe('open');

  // Forced past the widget, the engine refuses a confirm of a cart the buyer did not see.
  const res = await page.request.post(`/api/checkout/${session}/confirm`, { data: { expected_version: 1, email: 'anna@example.com' } });
  expect(res.status()).toBe(409);
  expect((await res.json()).error.code).toBe('session_version_conflict');
  expect((await engine.retrieve(session)).status).toBe('open');
});

test('a German buyer pays in payment mode', async ({ page, engine }) => {
  const product = await engine.product('Einmalpaket');
  const price = await engine.price(product.id, 'eur', 4_900);
  const session = await engine.session({ mode: 'payment', locale: 'de', line_items: [{ price: price.id, quantity: 1 }] });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await expect(widget.text(/^Testmodus$/)).toBeVisible();
  await widget.email.fill('anna@example.de');
  await widget.confirm('Bezahlen').click();
  await expect(widget.done).toContainText('Vielen Dank! Ihre Zahlung ist eingegangen.');
  await expect(widget.done).toContainText('49,00');
});

test('a declined payment is explained and the cart stays open', async ({ demo, page, engine }) => {
  const session = (await page.locator('checkout-widget').getAttribute('session'))!;
  await page.route('**/api/checkout/*/confirm', (r) =>
    r.fulfill({ status: 402, contentType: 'application/json', body: '{"error":{"type":"invalid_request_error","code":"payment_declined","message":"declined","param":"payment"}}' }));
  await demo.email.fill('anna@example.com');
  await demo.confirm().click();
  await expect(demo.alert).toContainText('Your payment was declined.');
  await expect(demo.alert).toContainText('Your cart has not changed.');
  await expect(demo.tryAgain).toHaveCount(0); // a decline is an answer, not a lost request
  await expect(demo.confirm()).toBeEnabled();
  await expect(demo.done).toHaveCount(0);
  expect((await engine.retrieve(session)).status).toBe('open');
});

test("the buyer's email is asked for and checked before anything is charged", async ({ demo, page, engine }) => {
  const session = (await page.locator('checkout-widget').getAttribute('session'))!;
  await expect(demo.email).toHaveAttribute('type', 'email');
  await expect(demo.email).toHaveAttribute('autocomplete', 'email');
  await demo.confirm().click();
  await expect(demo.alert).toContainText('Enter your email address to continue.');
  await demo.email.fill('anna@example');
  await demo.confirm().click();
  await expect(demo.alert).toContainText('Enter a valid email address, such as name@example.com.');
  await expect(demo.email).toHaveAttribute('aria-invalid', 'true');
  expect((await engine.retrieve(session)).status).toBe('open');
  await demo.email.fill('anna@example.com');
  await demo.confirm().click();
  await expect(demo.done).toContainText('Thank you! Your subscription is active.');
  expect((await engine.retrieve(session)).customer_details.email).toBe('anna@example.com');
});

test('a session the merchant created with customer_email does not ask for it', async ({ page, engine }) => {
  const session = await engine.session({ mode: 'subscription', customer_email: 'ben@example.com', line_items: [{ price: DEMO.monthly, quantity: 1 }] });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await expect(widget.email).toHaveCount(0);
  await widget.confirm().click();
  await expect(widget.done).toContainText('Thank you!');
  expect((await engine.retrieve(session.id)).customer_details.email).toBe('ben@example.com');
});
