import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../fixtures/checkout';
import type { Route } from '@playwright/test';

const scan = (page: import('@playwright/test').Page) =>
  new AxeBuilder({ page }).include('checkout-widget').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();

test('no WCAG 2.1 A/AA violations when idle, busy and failed', async ({ demo, page }) => {
  expect((await scan(page)).violations).toEqual([]);

  const held: Route[] = [];
  await page.route('**/api/checkout/*/upsell', (route) => { held.push(route); });
  await demo.upsell().click();
  await expect(demo.region).toHaveAttribute('aria-busy', 'true');
  expect((await scan(page)).violations).toEqual([]);

  await held[0].fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"type":"api_error","code":"internal_error","message":"x"}}' });
  await expect(demo.alert).toBeVisible();
  expect((await scan(page)).violations).toEqual([]);
});
