import { test, expect } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

test('the buyer upgrades to yearly and back; the server re-prices the same line item', async ({ demo, page, engine }) => {
  const upsell = demo.upsell();
  await expect(demo.items).toHaveCount(1);
  await expect(demo.items.first()).toContainText(DEMO.product);
  await expect(demo.items.first()).toContainText('$100.00 / month');
  await expect(upsell).toHaveAttribute('aria-checked', 'false');
  await expect(demo.text('Save $200')).toBeVisible();
  await expect(demo.total).toHaveText('$100.00');
  await expect(demo.recurring).toHaveText('then $100.00 per month');
  const [lineItem] = await demo.lineItemIds();

  await upsell.click();
  await expect(upsell).toHaveAttribute('aria-checked', 'true');
  await expect(demo.total).toHaveText('$1,000.00');
  await expect(demo.recurring).toHaveText('then $1,000.00 per year');
  await expect(demo.items.first()).toContainText('$1,000.00 / year');
  // What the yearly price comes to per month, beside it; the switch keeps its name.
  await expect(demo.items.first().getByText('$83.33 / month, billed yearly', { exact: true })).toBeVisible();
  await expect(demo.upsell('Save with a yearly subscription')).toBeVisible();
  expect(await demo.lineItemIds()).toEqual([lineItem]);

  // The engine agrees: what fulfilment reads is the yearly price on the same line item.
  const session = await page.locator('checkout-widget').getAttribute('session');
  const items = await engine.lineItems(session!);
  expect(items.data.map((li: any) => [li.id, li.price.id, li.quantity])).toEqual([[lineItem, DEMO.yearly, 1]]);

  await upsell.click();
  await expect(upsell).toHaveAttribute('aria-checked', 'false');
  await expect(demo.items.first().getByText(/billed yearly/)).toHaveCount(0);
  await expect(demo.total).toHaveText('$100.00');
  await expect(demo.recurring).toHaveText('then $100.00 per month');
  expect(await demo.lineItemIds()).toEqual([lineItem]);
});
