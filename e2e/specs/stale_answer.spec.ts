import { test, expect, openMerchantPage } from '../fixtures/checkout';
import type { Route } from '@playwright/test';

test('an answer to an older request never overwrites a newer state', async ({ page, engine }) => {
  const a = await engine.demoSession();
  const b = await engine.demoSession({ discounts: [] }, 5);
  const [widget] = await openMerchantPage(page, { widgets: [{ session: a.id }] });
  await widget.ready();

  // The buyer switches session A to yearly; its answer is held back…
  const held: Route[] = [];
  await page.route(`**/api/checkout/${a.id}/upsell`, (route) => { held.push(route); });
  await widget.upsell().click();
  await expect(widget.region).toHaveAttribute('aria-busy', 'true');

  // …meanwhile the page moves the widget to session B, which loads.
  await widget.root.evaluate((el, id) => el.setAttribute('session', id), b.id);
  await expect.poll(() => widget.lineItemIds()).toEqual([b.line_items.data[0].id]);

  // A's late answer (yearly, $1,000) arrives and must not replace B on screen.
  await held[0].continue();
  await expect(widget.region).toHaveAttribute('aria-busy', 'false');
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'false');
  await expect(widget.total).toHaveText('$100.00');
  expect(await widget.lineItemIds()).toEqual([b.line_items.data[0].id]);
  await expect(widget.alert).toHaveCount(0);
  // The server did apply A's change: only the view of B is protected.
  expect((await engine.lineItems(a.id)).data[0].price.id).toBe('price_pro_yearly');
});

test('a first load answered after the page moved the widget to another session is dropped', async ({ page, engine }) => {
  const a = await engine.demoSession();
  const b = await engine.demoSession({ discounts: [] }, 5);
  // Session A's first load is held back…
  const held: Route[] = [];
  await page.route(`**/api/checkout/${a.id}`, (route) => { held.push(route); });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: a.id }] });
  await expect(widget.text('Loading your checkout…')).toBeVisible();
  await expect.poll(() => held.length).toBe(1);

  // …meanwhile the page moves the widget to session B, which loads.
  await widget.root.evaluate((el, id) => el.setAttribute('session', id), b.id);
  await widget.ready();
  expect(await widget.lineItemIds()).toEqual([b.line_items.data[0].id]);

  // A's late answer arrives: B stays on screen, ready for the buyer.
  const late = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/checkout/${a.id}`);
  await held[0].continue();
  await late;
  await expect(widget.upsell()).toBeEnabled();
  await widget.upsell().click();
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'true');
  expect(await widget.lineItemIds()).toEqual([b.line_items.data[0].id]);
  await expect(widget.text('Loading your checkout…')).toHaveCount(0);
});
