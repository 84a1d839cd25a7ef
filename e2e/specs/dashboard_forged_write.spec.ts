import { test, expect } from '../fixtures/dashboard';

test('a write forged from another origin is refused and changes nothing', async ({ dashboard, page, request }) => {
  await dashboard.signIn();
  await expect(dashboard.heading('Products')).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === 'checkout_dashboard')!;
  // What a page elsewhere would make the merchant's browser send (were the cookie sent).
  const forged = await request.post('/dashboard/api/v1/products/prod_togethere_pro', {
    headers: { Origin: 'https://evil.example', Cookie: `checkout_dashboard=${cookie.value}` },
    data: { name: 'Forged' },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe('origin_not_allowed');
  await page.reload();
  await expect(page.getByRole('link', { name: 'Togethere Professional', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Forged' })).toHaveCount(0);
});
