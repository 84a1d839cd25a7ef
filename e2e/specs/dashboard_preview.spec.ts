import { test, expect } from '../fixtures/dashboard';
import { CheckoutWidget } from '../fixtures/checkout';
import { unique } from '../fixtures/engine';

test('"Preview checkout" shows the real widget on a fresh test-mode session of the product', async ({ dashboard, engine, page }) => {
  await dashboard.signIn();
  await dashboard.openProduct('Togethere Professional');
  await page.getByRole('button', { name: 'Preview checkout' }).click();
  const preview = page.getByRole('region', { name: 'Customer preview' });
  const widget = new CheckoutWidget(page, preview.locator('checkout-widget'));
  await widget.ready();
  await expect(widget.items.first()).toContainText('Togethere Professional');
  // The seeds' preview: the upsell switch and the cross-sell, working against the engine.
  await widget.upsell().click();
  await expect(widget.upsell()).toBeChecked();
  await expect(widget.add('Professional Services: Deployment')).toBeVisible();
  const id = await preview.locator('checkout-widget').getAttribute('session');
  const session = await engine.retrieve(id!);
  expect(session.livemode).toBe(false);
  expect(session.upsell.selected).toBe(true);
  expect(await dashboard.violations()).toEqual([]);
});

test('the preview shows the upsell the merchant just set, whichever price is listed first, and a price page previews its own price', async ({ dashboard, engine, page }) => {
  const product = await engine.product(`Analytics ${unique()}`);
  const recurring = (interval: string) => ({ type: 'recurring', recurring: { interval, interval_count: 1 } });
  const monthly = await engine.price(product.id, 'usd', 10_000, recurring('month'));
  const yearly = await engine.price(product.id, 'usd', 100_000, recurring('year'));
  const euro = await engine.price(product.id, 'eur', 9_000, recurring('month'));
  await engine.call('POST', `/v1/prices/${monthly.id}`, { upsell: yearly.id });

  await dashboard.signIn();
  await dashboard.openProduct(product.name);
  // By default the recurring price that has the upsell, not the newest one.
  const choice = page.getByRole('combobox', { name: 'Preview price' });
  await expect(choice).toHaveValue(monthly.id);
  await expect(choice.getByRole('option')).toHaveCount(3);
  await page.getByRole('button', { name: 'Preview checkout' }).click();
  const preview = page.getByRole('region', { name: 'Customer preview' });
  let widget = new CheckoutWidget(page, preview.locator('checkout-widget'));
  await widget.ready();
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'false');
  await expect(widget.root.getByText('Save $200')).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);

  // Another price chosen in "Preview price": a fresh session of that one.
  await choice.selectOption({ label: '€90.00 / month' });
  await page.getByRole('button', { name: 'Preview checkout' }).click();
  widget = new CheckoutWidget(page, preview.locator('checkout-widget'));
  await expect(widget.items.first()).toContainText('€90.00');
  await widget.ready();
  await expect(widget.upsell()).toHaveCount(0);
  const id = await preview.locator('checkout-widget').getAttribute('session');
  expect((await engine.retrieve(id!)).line_items.data[0].price.id).toBe(euro.id);

  // The price page has its own preview, right under the upsell setting.
  await dashboard.prices().getByRole('link', { name: '$100.00 / month' }).click();
  await expect(dashboard.heading('$100.00 / month')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Preview price' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Preview checkout' }).click();
  widget = new CheckoutWidget(page, page.getByRole('region', { name: 'Customer preview' }).locator('checkout-widget'));
  await widget.ready();
  await widget.upsell().click();
  await expect(widget.upsell()).toBeChecked();
  expect(await dashboard.violations()).toEqual([]);
});
