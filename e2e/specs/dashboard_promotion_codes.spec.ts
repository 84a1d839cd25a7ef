// §11: the merchant manages a coupon's promotion codes in the dashboard, and a new
// session accepts what it created.
import { test, expect } from '../fixtures/dashboard';
import { DEMO, unique } from '../fixtures/engine';

test('a merchant creates a promotion code on the coupon page, a new session accepts it, and archiving stops it', async ({ dashboard, engine, page }) => {
  const name = `Spring ${unique()}`;
  await engine.call('POST', '/v1/coupons', { percent_off: 25, duration: 'once', name });
  const code = `SPRING${unique()}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 50);
  await dashboard.signIn();
  await dashboard.nav().getByRole('link', { name: 'Coupons' }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await expect(dashboard.heading(name)).toBeVisible();
  const codes = page.getByRole('region', { name: 'Promotion codes' });
  await expect(codes.getByText('No promotion codes yet.')).toBeVisible();

  await page.getByRole('button', { name: 'New promotion code' }).click();
  const form = page.getByRole('region', { name: 'New promotion code' });
  // A refusal shows next to its field.
  await form.getByLabel('Code').fill('with space');
  await form.getByRole('button', { name: 'Create promotion code' }).click();
  await expect(form.getByRole('alert')).toContainText('3 to 50');
  await form.getByLabel('Code').fill(code);
  await form.getByLabel('Max redemptions (optional)').fill('100');
  await form.getByRole('button', { name: 'Create promotion code' }).click();
  const row = codes.getByRole('row').filter({ hasText: code });
  await expect(row).toContainText('0 of 100');
  await expect(row).toContainText('Active');
  expect(await dashboard.violations()).toEqual([]);

  // A new session takes it (typed in lowercase), with the coupon's discount.
  const session = await engine.session({ mode: 'subscription', allow_promotion_codes: true,
    line_items: [{ price: DEMO.monthly, quantity: 1 }], optional_items: [{ price: DEMO.deployment, quantity: 1 }] });
  const applied = await page.request.post(`/api/checkout/${session.id}/promotion-code`, { data: { code: code.toLowerCase() } });
  expect(applied.status()).toBe(200);
  expect((await applied.json()).amount_total).toBe(7_500);
  // The session's page shows the code and the optional item, and whether it was added.
  await page.goto(`/dashboard/sessions/${session.id}`);
  await expect(dashboard.heading(`Session ${session.id}`)).toBeVisible();
  await expect(page.getByText(`Promotion code: ${code}`)).toBeVisible();
  const optional = page.getByRole('region', { name: 'Optional items' });
  await expect(optional.getByRole('listitem')).toHaveText([`${DEMO.crossSell}: offered`]);
  await page.goBack();

  // Archived, a fresh session's try is refused.
  await row.getByRole('button', { name: `Archive ${code}` }).click();
  await expect(row).toContainText('Archived');
  await expect(row.getByRole('button')).toHaveCount(0);
  const other = await engine.session({ mode: 'subscription', allow_promotion_codes: true, line_items: [{ price: DEMO.monthly, quantity: 1 }] });
  const refused = await page.request.post(`/api/checkout/${other.id}/promotion-code`, { data: { code } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.code).toBe('promotion_code_invalid');
});
