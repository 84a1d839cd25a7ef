import { test, expect } from '../fixtures/dashboard';
import { unique } from '../fixtures/engine';

test('a merchant renames and archives a product, and creates coupons; a bad amount is refused next to its field', async ({ dashboard, engine, page }) => {
  const product = await engine.product(`Sketchbook ${unique()}`);
  const price = await engine.price(product.id, 'usd', 1_500);
  const renamed = `Sketchbook Pro ${unique()}`;

  await dashboard.signIn();
  await dashboard.openProduct(product.name);
  const settings = page.getByRole('region', { name: 'Product' });
  await settings.getByLabel('Name').fill(renamed);
  await settings.getByRole('button', { name: 'Rename product' }).click();
  await expect(dashboard.heading(renamed)).toBeVisible();
  expect((await engine.call('GET', `/v1/products/${product.id}`)).name).toBe(renamed);

  await settings.getByRole('button', { name: 'Archive product' }).click();
  await expect(settings.getByRole('button', { name: 'Restore product' })).toBeVisible();
  await expect(settings).toContainText('archived');
  // Archived: a new session cannot sell it.
  const refused = await engine.refused('POST', '/v1/checkout/sessions', { mode: 'payment', line_items: [{ price: price.id, quantity: 1 }] });
  expect(refused).toEqual({ status: 400, code: 'product_inactive' });
  await dashboard.nav().getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('row', { name: new RegExp(renamed) })).toContainText('Archived');
  await page.getByRole('link', { name: renamed }).click();
  await page.getByRole('region', { name: 'Product' }).getByRole('button', { name: 'Restore product' }).click();
  await expect(page.getByRole('region', { name: 'Product' }).getByRole('button', { name: 'Archive product' })).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);

  await dashboard.nav().getByRole('link', { name: 'Coupons' }).click();
  await expect(dashboard.heading('Coupons')).toBeVisible();
  const percentName = `Spring ${unique()}`.slice(0, 40);
  await page.getByRole('button', { name: 'New coupon' }).click();
  const form = page.getByRole('region', { name: 'New coupon' });
  await form.getByLabel('Name').fill(percentName);
  await form.getByLabel('Percent off').fill('25');
  await form.getByLabel('Duration').selectOption({ label: 'Several months' });
  await form.getByLabel('Months').fill('3');
  await form.getByRole('button', { name: 'Create coupon' }).click();
  await expect(page.getByRole('row', { name: new RegExp(percentName) }).getByRole('cell')).toHaveText([percentName, '25%', '3 months']);

  const amountName = `Welcome ${unique()}`.slice(0, 40);
  await page.getByRole('button', { name: 'New coupon' }).click();
  await form.getByLabel('Name').fill(amountName);
  await form.getByLabel('Discount').selectOption({ label: 'Amount off' });
  await form.getByLabel('Amount off').fill('10.001');
  await form.getByRole('button', { name: 'Create coupon' }).click();
  await expect(form.getByLabel('Amount off')).toHaveAccessibleDescription(/USD has 2 decimal places/);
  expect(await dashboard.violations()).toEqual([]);
  await form.getByLabel('Amount off').fill('10.00');
  await form.getByRole('button', { name: 'Create coupon' }).click();
  await expect(page.getByRole('row', { name: new RegExp(amountName) }).getByRole('cell')).toHaveText([amountName, '$10.00', 'Once']);
  await page.screenshot({ path: test.info().outputPath('coupons.png'), fullPage: true });
});
