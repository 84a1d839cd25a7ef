import { test, expect } from '../fixtures/dashboard';
import { unique } from '../fixtures/engine';

test('a merchant sets an upsell on the price page, a new session shows the $200 savings; removed, it does not', async ({ dashboard, engine, page }) => {
  const product = await engine.product(`Workspace ${unique()}`);
  const recurring = (interval: string) => ({ type: 'recurring', recurring: { interval, interval_count: 1 } });
  const monthly = await engine.price(product.id, 'usd', 10_000, recurring('month'));
  await engine.price(product.id, 'usd', 100_000, recurring('year'));
  await engine.price(product.id, 'eur', 90_000, recurring('year'));
  const once = await engine.price(product.id, 'usd', 50_000);
  const upsellOf = async () => {
    const s = await engine.session({ mode: 'subscription', line_items: [{ price: monthly.id, quantity: 1 }] });
    return s.upsell;
  };
  expect(await upsellOf()).toBeNull();

  await dashboard.signIn();
  await dashboard.openProduct(product.name);
  await dashboard.prices().getByRole('link', { name: '$100.00 / month' }).click();
  await expect(dashboard.heading('$100.00 / month')).toBeVisible();
  const region = dashboard.upsell();
  const choice = region.getByRole('combobox', { name: 'Upsell price' });
  // Exactly the prices §3.2 allows: the yearly USD one, not the EUR or one-time ones.
  await expect(choice.getByRole('option')).toHaveText(['$1,000.00 / year (save $200)']);
  expect(await dashboard.violations()).toEqual([]);

  await region.getByRole('button', { name: 'Save upsell' }).click();
  await expect(region.getByText('Save $200', { exact: true })).toBeVisible();
  await expect(region.getByText('$1,000.00 / year')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('price-upsell.png'), fullPage: true });
  const upsell = await upsellOf();
  expect(upsell.savings).toEqual({ amount: 20_000, percent: 16 });

  await region.getByRole('button', { name: 'Remove upsell' }).click();
  await expect(region.getByRole('combobox', { name: 'Upsell price' })).toBeVisible();
  expect(await upsellOf()).toBeNull();

  // A one-time price says why it cannot have an upsell.
  await dashboard.openProduct(product.name);
  await dashboard.prices().getByRole('link', { name: '$500.00' }).click();
  await expect(dashboard.upsell()).toContainText('only a recurring price can name an upsell');
  expect(await dashboard.violations()).toEqual([]);
  void once;
});
