import { test, expect } from '../fixtures/checkout';
import type { Route } from '@playwright/test';

test('a double click sends one update, not two', async ({ demo, page }) => {
  // Hold the update at the network until both clicks have happened.
  const held: Route[] = [];
  await page.route('**/api/checkout/*/upsell', (route) => { held.push(route); });
  await demo.upsell().dblclick();
  await expect(demo.region).toHaveAttribute('aria-busy', 'true');
  await expect(demo.upsell()).toBeDisabled();
  expect(held).toHaveLength(1);
  expect(held[0].request().postData()).toBe('{"selected":true}');
  await held[0].continue();
  await expect(demo.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(demo.region).toHaveAttribute('aria-busy', 'false');
  expect(held).toHaveLength(1);
});
