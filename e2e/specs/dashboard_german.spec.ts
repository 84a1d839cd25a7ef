// DESIGN §12: the dashboard in German, chosen from the browser's language, with a switch
// on every page that is remembered.
import { test, expect } from '../fixtures/dashboard';
import { SECRET_KEY } from '../playwright.config';
import { unique } from '../fixtures/engine';

test.use({ locale: 'de-DE' });

test('a German merchant signs in, configures a cross-sell, and switches back to English', async ({ dashboard, engine, page }) => {
  const main = await engine.product(`Hauptprodukt ${unique()}`);
  await engine.price(main.id, 'eur', 4_900);
  const extra = await engine.product(`Zubehör ${unique()}`);
  await engine.price(extra.id, 'eur', 900);

  await page.goto('/dashboard/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await page.getByLabel('Geheimer Schlüssel').fill(SECRET_KEY);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Produkte' })).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);

  await page.getByRole('link', { name: main.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: main.name })).toBeVisible();
  const crossSells = page.getByRole('region', { name: 'Cross-Sells' });
  await crossSells.getByLabel('Einen Cross-Sell hinzufügen').selectOption({ label: extra.name });
  await crossSells.getByRole('button', { name: 'Cross-Sell hinzufügen' }).click();
  await expect(crossSells.getByRole('button', { name: `Cross-Sell ${extra.name} entfernen` })).toBeVisible();
  expect((await engine.call('GET', `/v1/products/${main.id}`)).cross_sells).toEqual([extra.id]);

  // Back to English: the choice is remembered over the browser's language.
  await page.getByLabel('Sprache').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: main.name })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('region', { name: 'Cross-sells' }).getByRole('button', { name: `Remove cross-sell ${extra.name}` })).toBeVisible();
  await page.goto('/dashboard/products');
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  await expect(page.getByLabel('Language')).toHaveValue('en');
});
