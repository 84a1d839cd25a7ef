import { test, expect } from '../fixtures/dashboard';

test('a merchant signs in with the secret key and out again; a wrong key is refused', async ({ dashboard, page, context }) => {
  await dashboard.signIn('sk_test_not_the_key');
  await expect(page.getByRole('alert')).toContainText('not this checkout');
  await expect(page.getByLabel('Secret key')).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);

  await dashboard.signIn();
  await expect(dashboard.heading('Products')).toBeVisible();
  await expect(dashboard.nav().getByRole('link', { name: 'Products' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Togethere Professional', exact: true })).toBeVisible();
  expect(await dashboard.violations()).toEqual([]);
  // The key is never kept by the browser: the session is an HttpOnly cookie.
  const cookie = (await context.cookies()).find((c) => c.name === 'checkout_dashboard');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Strict');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain('sk_');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Secret key')).toBeVisible();
  // The session ended on the server: the old cookie opens nothing.
  await context.addCookies([{ ...cookie!, expires: -1 }]);
  await page.goto('/dashboard/products');
  await expect(page.getByLabel('Secret key')).toBeVisible();
});
