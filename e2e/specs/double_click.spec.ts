import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';
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

test('while an update runs every control is disabled, for Playwright and in Chromium\'s accessibility tree', async ({ page, engine }) => {
  const session = await engine.demoSession({}, 3);
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  const controls = widget.root.getByRole('button').or(widget.root.getByRole('switch'));
  const count = await controls.count();
  expect(count).toBe(5); // −, +, the switch, Add <cross-sell>, Subscribe
  await expect(widget.upsell()).toBeEnabled();
  await expect(widget.increase(DEMO.product)).toBeEnabled();
  await expect(widget.decrease(DEMO.product)).toBeDisabled(); // at its minimum: its own reason

  const held: Route[] = [];
  await page.route('**/api/checkout/*/upsell', (route) => { held.push(route); });
  await widget.upsell().click();
  await expect(widget.region).toHaveAttribute('aria-busy', 'true');
  for (const control of await controls.all()) await expect(control).toBeDisabled();
  // What a screen reader is told: Chromium's own accessibility tree, not Playwright's reading.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const axControls = nodes.filter((n) => !n.ignored && ['button', 'switch'].includes(n.role?.value));
  expect(axControls.map((n) => n.name?.value).sort()).toEqual(
    [`Add ${DEMO.crossSell}`, `Decrease quantity of ${DEMO.product}`, `Increase quantity of ${DEMO.product}`, 'Save with a yearly subscription', 'Subscribe'],
  );
  for (const n of axControls) expect(n.properties?.find((p) => p.name === 'disabled')?.value.value, n.name?.value).toBe(true);

  await held[0].continue();
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(widget.region).toHaveAttribute('aria-busy', 'false');
  await expect(widget.upsell()).toBeEnabled();
  await expect(widget.increase(DEMO.product)).toBeEnabled();
  await expect(widget.decrease(DEMO.product)).toBeDisabled();
});
