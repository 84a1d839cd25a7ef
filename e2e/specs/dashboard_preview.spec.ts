import { test, expect } from '../fixtures/dashboard';
import { CheckoutWidget } from '../fixtures/checkout';

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
