import { test, expect, openMerchantPage } from '../fixtures/checkout';

test('a blocked wasm download shows the buyer the failed-load state in their language and reports widget_load_failed', async ({ page, engine }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript(() => {
    (window as any).checkoutErrors = [];
    document.addEventListener('checkout:error', (e) => (window as any).checkoutErrors.push((e as CustomEvent).detail));
  });
  // A content blocker (or a failed network) stops the widget's code.
  await page.route('**/*.wasm', (route) => route.abort('blockedbyclient'));
  const [en, de, ar] = await Promise.all([engine.demoSession(), engine.demoSession(), engine.demoSession()]);
  const [english, german, arabic] = await openMerchantPage(page, {
    widgets: [{ session: en.id }, { session: de.id, locale: 'de' }, { session: ar.id, locale: 'ar-EG' }],
  });

  await expect(english.alert).toContainText("We couldn't load your checkout.");
  await expect(english.alert).toContainText('Check your connection');
  await expect(english.tryAgain).toBeVisible();
  await expect(german.alert).toContainText('Ihr Bezahlvorgang konnte nicht geladen werden.');
  await expect(german.tryAgain).toHaveText('Erneut versuchen');
  // Any other locale's texts come from its strings file, right to left where it reads so.
  await expect(arabic.alert).toContainText('تعذّر تحميل صفحة الدفع.');
  await expect(arabic.alert).toHaveAttribute('dir', 'rtl');
  await expect(arabic.alert.getByRole('button', { name: 'إعادة المحاولة' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as any).checkoutErrors.map((d: any) => d.code)))
    .toEqual(['widget_load_failed', 'widget_load_failed', 'widget_load_failed']);
  expect(pageErrors, 'no unhandled rejection').toEqual([]);
});

test('an element without a session sends nothing until the page sets one', async ({ page, engine }) => {
  const asked: string[] = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/checkout')) asked.push(new URL(r.url()).pathname); });
  const session = await engine.demoSession();
  const [empty, shown] = await openMerchantPage(page, { widgets: [{ session: '' }, { session: session.id }] });
  await shown.ready();
  // Both elements are mounted by now; only the one with a session asked for it.
  expect(asked).toEqual([`/api/checkout/${session.id}`]);

  const later = await engine.demoSession();
  await empty.root.evaluate((el, id) => el.setAttribute('session', id), later.id);
  await empty.ready();
  expect(asked).toEqual([`/api/checkout/${session.id}`, `/api/checkout/${later.id}`]);
});
