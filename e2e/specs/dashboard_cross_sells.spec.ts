import { test, expect } from '../fixtures/dashboard';
import { unique } from '../fixtures/engine';

test('a merchant adds a cross-sell on the product page, a new session offers it; removed, it does not', async ({ dashboard, engine, page }) => {
  const main = await engine.product(`Team plan ${unique()}`);
  const monthly = await engine.price(main.id, 'usd', 5000, { type: 'recurring', recurring: { interval: 'month', interval_count: 1 } });
  const addon = await engine.product(`Priority support ${unique()}`);
  await engine.price(addon.id, 'usd', 2500);
  const twoPrices = await engine.product(`Two prices ${unique()}`);
  await engine.price(twoPrices.id, 'usd', 100);
  await engine.price(twoPrices.id, 'usd', 200);
  const offered = async () => {
    const s = await engine.session({ mode: 'subscription', line_items: [{ price: monthly.id, quantity: 1 }] });
    return s.cross_sells.map((c: any) => c.product.name);
  };
  expect(await offered()).toEqual([]);

  await dashboard.signIn();
  await dashboard.openProduct(main.name);
  const region = dashboard.crossSells();
  const choice = region.getByRole('combobox', { name: 'Add a cross-sell' });
  // Only products with exactly one active price are offered (seed 002).
  await expect(choice.getByRole('option', { name: addon.name })).toHaveCount(1);
  await expect(choice.getByRole('option', { name: twoPrices.name })).toHaveCount(0);
  await expect(choice.getByRole('option', { name: main.name })).toHaveCount(0);
  expect(await dashboard.violations()).toEqual([]);

  await choice.selectOption({ label: addon.name });
  await region.getByRole('button', { name: 'Add cross-sell' }).click();
  const remove = region.getByRole('button', { name: `Remove cross-sell ${addon.name}` });
  await expect(remove).toBeVisible();
  expect(await offered()).toEqual([addon.name]);
  await page.screenshot({ path: test.info().outputPath('product-cross-sells.png'), fullPage: true });

  await remove.click();
  await expect(remove).toHaveCount(0);
  await expect(region.getByRole('combobox', { name: 'Add a cross-sell' }).getByRole('option', { name: addon.name })).toHaveCount(1);
  expect(await offered()).toEqual([]);
  expect(await dashboard.violations()).toEqual([]);
});
