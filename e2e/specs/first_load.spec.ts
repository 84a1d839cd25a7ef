import { test, expect, openMerchantPage } from '../fixtures/checkout';
import type { Request, Route } from '@playwright/test';

const sessionGets = (page: import('@playwright/test').Page, id: string) => {
  const seen: Request[] = [];
  page.on('request', (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname === `/api/checkout/${id}`) seen.push(r); });
  return seen;
};

test('the session is asked for once, while the widget itself is still downloading', async ({ page, engine }) => {
  const session = await engine.demoSession();
  const gets = sessionGets(page, session.id);
  // Hold the wasm: the loader asks for the session before any widget code has arrived.
  const wasm: Route[] = [];
  await page.route('**/widget/*.wasm', (route) => { wasm.push(route); });
  const opened = openMerchantPage(page, { widgets: [{ session: session.id }] });
  await expect.poll(() => gets.length).toBe(1);
  await expect.poll(() => wasm.length).toBe(1);
  await wasm[0].continue();
  const [widget] = await opened;
  await widget.ready();
  await expect(widget.items).toHaveCount(1);
  expect(gets).toHaveLength(1); // the widget took the loader's answer instead of asking again
});

test('a failed first load is explained, and "Try again" asks the server anew', async ({ page, engine }) => {
  const session = await engine.demoSession();
  const gets = sessionGets(page, session.id);
  await page.route(`**/api/checkout/${session.id}`, (route) => route.fulfill({
    status: 503, contentType: 'application/json',
    body: JSON.stringify({ error: { type: 'api_error', code: 'internal_error', message: 'down for a moment' } }),
  }));
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await expect(widget.alert).toContainText("We couldn't load your checkout.");
  expect(gets).toHaveLength(1);
  await page.unroute(`**/api/checkout/${session.id}`);
  // Hold the second request: while it is on its way the buyer sees it loading.
  const held: Route[] = [];
  await page.route(`**/api/checkout/${session.id}`, (route) => { held.push(route); });
  await widget.alert.getByRole('button', { name: 'Try again' }).click();
  await expect(widget.text('Loading your checkout…')).toBeVisible();
  await expect(widget.alert).toHaveCount(0);
  await expect.poll(() => held.length).toBe(1);
  await held[0].continue();
  await widget.ready();
  await expect(widget.total).toHaveText('$100.00');
  expect(gets).toHaveLength(2);
});

test('a first load with no answer within 20 seconds is abandoned and explained', async ({ page, engine }) => {
  const session = await engine.demoSession();
  await page.clock.install();
  await page.route(`**/api/checkout/${session.id}`, () => { /* never answers */ });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await expect(widget.text('Loading your checkout…')).toBeVisible();
  await page.clock.fastForward(20_500);
  await expect(widget.alert).toContainText("We couldn't load your checkout.");
  await expect(widget.alert).toContainText('The server took too long to answer');
});
