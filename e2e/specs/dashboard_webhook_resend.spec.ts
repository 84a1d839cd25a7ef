import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '../fixtures/dashboard';

test('a merchant sees a failed webhook delivery among the recent events and resends it', async ({ dashboard, engine, page }) => {
  // The merchant's receiver: down for the first try (500), up afterwards.
  let received = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(received === 1 ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    await dashboard.signIn();
    await dashboard.nav().getByRole('link', { name: 'Webhooks' }).click();
    await expect(dashboard.heading('Webhooks')).toBeVisible();
    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByRole('status')).toContainText('whsec_');

    // A buyer completes a checkout: one event, one delivery to this endpoint.
    const s = await engine.demoSession();
    const res = await page.request.post(`/api/checkout/${s.id}/confirm`, { data: { expected_version: s.version, email: 'anna@example.com' } });
    expect(res.status(), await res.text()).toBe(200);

    const events = page.getByRole('region', { name: 'Recent events' });
    const row = events.getByRole('row').filter({ hasText: url });
    // The worker tries within a second; the merchant refreshes until it shows.
    await expect(async () => {
      await events.getByRole('button', { name: 'Refresh' }).click();
      await expect(row).toContainText('Retrying (HTTP 500, 1 try)', { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    expect(await dashboard.violations()).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('webhooks-recent-events.png'), fullPage: true });

    // The next try would be a minute away; "Resend" sends it now.
    await row.getByRole('button', { name: 'Resend' }).click();
    await expect(events.getByRole('status')).toContainText('is due again');
    await expect(async () => {
      await events.getByRole('button', { name: 'Refresh' }).click();
      await expect(row).toContainText('Delivered (2 tries)', { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await expect(row.getByRole('button', { name: 'Resend' })).toHaveCount(0);
    expect(received).toBe(2);
  } finally {
    receiver.close();
  }
});
