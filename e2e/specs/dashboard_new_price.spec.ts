import { test, expect } from '../fixtures/dashboard';
import { unique } from '../fixtures/engine';

test('a merchant creates a product and a price by hand; an invalid amount is refused next to the field', async ({ dashboard, page }) => {
  const name = `Handmade ${unique()}`;
  await dashboard.signIn();
  await expect(dashboard.heading('Products')).toBeVisible();
  await page.getByRole('button', { name: 'New product' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Description').fill('Made in the dashboard');
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(dashboard.heading(name)).toBeVisible();

  const prices = dashboard.prices();
  await prices.getByRole('button', { name: 'New price' }).click();
  await prices.getByLabel('Amount').fill('100.001');
  await prices.getByRole('button', { name: 'Create price' }).click();
  await expect(prices.getByRole('alert')).toContainText('USD has 2 decimal places at most');
  await expect(prices.getByLabel('Amount')).toHaveAccessibleDescription(/USD has 2 decimal places/);
  expect(await dashboard.violations()).toEqual([]);

  await prices.getByLabel('Amount').fill('100.00');
  await prices.getByLabel('Billing').selectOption({ label: 'Recurring' });
  await prices.getByLabel('Interval').selectOption({ label: 'Monthly' });
  await prices.getByRole('button', { name: 'Create price' }).click();
  await expect(prices.getByRole('link', { name: '$100.00 / month' })).toBeVisible();
});
