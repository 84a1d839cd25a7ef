import type { Locator, Page } from '@playwright/test';
import { test, expect, Dashboard } from '../fixtures/dashboard';
import { SECRET_KEY } from '../playwright.config';
import { DEMO } from '../fixtures/engine';

/** Presses Tab until `target` has the focus (at most 60 times): the keyboard's way there. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Every page of the dashboard, reached through its links. */
async function eachPage(dashboard: Dashboard, page: Page, check: (name: string) => Promise<void>) {
  for (const name of ['Products', 'Coupons', 'Sessions', 'Webhooks', 'Insights']) {
    await dashboard.nav().getByRole('link', { name }).click();
    await expect(dashboard.heading(name)).toBeVisible();
    await check(name);
  }
  await dashboard.openProduct(DEMO.product);
  await check(DEMO.product);
  await dashboard.prices().getByRole('link', { name: '$100.00 / month' }).click();
  await expect(dashboard.heading('$100.00 / month')).toBeVisible();
  await check('$100.00 / month');
}

test('a merchant signs in, moves between pages and sets an upsell with the keyboard alone', async ({ dashboard, engine, page }) => {
  const product = await engine.product(`Keyboard plan ${Date.now()}`);
  const recurring = (interval: string) => ({ type: 'recurring', recurring: { interval, interval_count: 1 } });
  await engine.price(product.id, 'usd', 2_000, recurring('month'));
  await engine.price(product.id, 'usd', 20_000, recurring('year'));

  await page.goto('/dashboard/sign-in');
  await tabTo(page, page.getByLabel('Secret key'));
  await page.keyboard.type(SECRET_KEY);
  await page.keyboard.press('Enter');
  await expect(dashboard.heading('Products')).toBeVisible();

  await tabTo(page, dashboard.nav().getByRole('link', { name: 'Insights' }));
  await page.keyboard.press('Enter');
  await expect(dashboard.heading('Insights')).toBeVisible();
  await tabTo(page, page.getByLabel('Period'));
  await expect(page.getByLabel('Period')).toBeFocused();

  await tabTo(page, dashboard.nav().getByRole('link', { name: 'Products' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('link', { name: product.name }));
  await page.keyboard.press('Enter');
  await expect(dashboard.heading(product.name)).toBeVisible();
  await tabTo(page, dashboard.prices().getByRole('link', { name: '$20.00 / month' }));
  await page.keyboard.press('Enter');
  const region = dashboard.upsell();
  await tabTo(page, region.getByRole('combobox', { name: 'Upsell price' }));
  await tabTo(page, region.getByRole('button', { name: 'Save upsell' }));
  await page.keyboard.press('Enter');
  await expect(region.getByText('Save $40', { exact: true })).toBeVisible();
  // The focus is visible wherever it is.
  await tabTo(page, region.getByRole('button', { name: 'Remove upsell' }));
  const outline = await region.getByRole('button', { name: 'Remove upsell' }).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(region.getByRole('combobox', { name: 'Upsell price' })).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Sign out' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Secret key')).toBeVisible();
});

test('every page fits a 375 px phone without sideways scrolling and passes axe', async ({ dashboard, page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await dashboard.signIn();
  await expect(dashboard.heading('Products')).toBeVisible();
  await eachPage(dashboard, page, async (name) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    expect(await dashboard.violations(), name).toEqual([]);
  });
  await page.screenshot({ path: test.info().outputPath('price-375px.png'), fullPage: true });
});

test('in dark mode every page is dark and keeps its contrast (axe)', async ({ dashboard, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await dashboard.signIn();
  await expect(dashboard.heading('Products')).toBeVisible();
  await eachPage(dashboard, page, async (name) => {
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r + g + b, `${name}: ${background}`).toBeLessThan(120);
    expect(await dashboard.violations(), name).toEqual([]);
  });
  await page.screenshot({ path: test.info().outputPath('price-dark.png'), fullPage: true });
});
