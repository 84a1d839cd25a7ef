import { test, expect } from '../fixtures/dashboard';
import { unique } from '../fixtures/engine';

test('a merchant lists sessions by status, opens one, and adds a webhook endpoint whose secret shows once', async ({ dashboard, engine, page }) => {
  const open = await engine.demoSession();
  const expired = await engine.demoSession();
  await engine.call('POST', `/v1/checkout/sessions/${expired.id}/expire`, {});

  await dashboard.signIn();
  await dashboard.nav().getByRole('link', { name: 'Sessions' }).click();
  await expect(dashboard.heading('Sessions')).toBeVisible();
  await expect(page.getByRole('link', { name: open.id })).toBeVisible();
  await expect(page.getByRole('link', { name: expired.id })).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'Expired' });
  await expect(page.getByRole('link', { name: open.id })).toHaveCount(0);
  await expect(page.getByRole('link', { name: expired.id })).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);
  await page.getByRole('link', { name: expired.id }).click();
  await expect(dashboard.heading(`Session ${expired.id}`)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Togethere Professional' })).toBeVisible();

  const hook = `https://shop.example/hooks/${unique()}`;
  await dashboard.nav().getByRole('link', { name: 'Webhooks' }).click();
  await expect(dashboard.heading('Webhooks')).toBeVisible();
  await page.getByLabel('Endpoint URL').fill(hook);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByRole('status')).toContainText('whsec_');
  await expect(page.getByRole('region', { name: 'Webhook endpoints' }).getByRole('cell', { name: hook })).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);
  // Shown once: not on the page again after a reload, nor in the list the API answers.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Webhook endpoints' }).getByRole('cell', { name: hook })).toBeVisible();
  await expect(page.getByText('whsec_')).toHaveCount(0);
});
