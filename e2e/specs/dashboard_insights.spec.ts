import { test, expect } from '../fixtures/dashboard';
import { unique } from '../fixtures/engine';

test('after completed checkouts, Insights shows them, the upsell take rate, the cross-sell attach rate and a chart', async ({ dashboard, engine, page }) => {
  const addon = await engine.product(`Onboarding call ${unique()}`);
  await engine.price(addon.id, 'usd', 3_000);
  const plan = await engine.product(`Studio plan ${unique()}`, { cross_sells: [addon.id] });
  const recurring = (interval: string) => ({ type: 'recurring', recurring: { interval, interval_count: 1 } });
  const monthly = await engine.price(plan.id, 'usd', 5_000, recurring('month'));
  const yearly = await engine.price(plan.id, 'usd', 50_000, recurring('year'));
  await engine.call('POST', `/v1/prices/${monthly.id}`, { upsell: yearly.id });

  await dashboard.signIn();
  await dashboard.nav().getByRole('link', { name: 'Insights' }).click();
  await expect(dashboard.heading('Insights')).toBeVisible();
  const summary = page.getByRole('region', { name: 'Summary' });
  const figure = (name: string) => summary.getByRole('term').filter({ hasText: name }).locator('xpath=following-sibling::dd[1]');
  await expect(figure('Checkouts completed')).toHaveText(/^\d+$/);
  const before = Number(await figure('Checkouts completed').textContent());
  const offeredBefore = (await summary.getByText(/of \d+ offered/).textContent())!.match(/(\d+) of (\d+)/)!.slice(1).map(Number);

  // Two buyers: one switches to yearly and adds the call, one keeps monthly and adds nothing.
  const buyer = async (yearlyToo: boolean, addCall: boolean) => {
    const s = await engine.session({ mode: 'subscription', line_items: [{ price: monthly.id, quantity: 1 }] });
    let version = s.version;
    const act = async (path: string, data: unknown) => {
      const res = await page.request.post(`/api/checkout/${s.id}/${path}`, { data });
      expect(res.status(), await res.text()).toBe(200);
      version = (await res.json()).version;
    };
    if (yearlyToo) await act('upsell', { selected: true });
    if (addCall) await act('cross-sells', { product: addon.id });
    await act('confirm', { expected_version: version, email: 'anna@example.com' });
  };
  await buyer(true, true);
  await buyer(false, false);

  await dashboard.nav().getByRole('link', { name: 'Products' }).click();
  await dashboard.nav().getByRole('link', { name: 'Insights' }).click();
  await expect(figure('Checkouts completed')).toHaveText(String(before + 2));
  await expect(summary.getByText(`${offeredBefore[0] + 1} of ${offeredBefore[1] + 2} offered`)).toBeVisible();
  const crossSells = page.getByRole('region', { name: 'Cross-sell attach rates' });
  const row = crossSells.getByRole('row', { name: new RegExp(addon.name) });
  await expect(row.getByRole('cell')).toHaveText(['50.0%', '1 / 2', '$30.00']);
  const chart = page.getByRole('img', { name: 'Checkouts completed per day, last 30 days' });
  await expect(chart).toBeVisible();
  await expect(page.getByRole('img', { name: 'Revenue added by upsells and cross-sells per day in USD, last 30 days' })).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('insights.png'), fullPage: true });

  // Another period: the chart says what it now plots.
  await page.getByLabel('Period').selectOption({ label: 'Last 7 days' });
  await expect(page.getByRole('img', { name: 'Checkouts completed per day, last 7 days' })).toBeVisible();
  await expect(figure('Checkouts completed')).toHaveText(String(before + 2));
});
