import { test, expect, CheckoutWidget } from '../fixtures/checkout';

// The demo page is served with the server's Content-Security-Policy (only 'self' scripts
// and 'wasm-unsafe-eval', no inline scripts or styles). The widget works under it, styled,
// and the browser reports no violation.
test('the demo page works under the Content-Security-Policy', async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const console: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text()); });

  const response = await page.goto('/');
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');

  const demo = new CheckoutWidget(page, page.locator('checkout-widget'));
  await demo.ready();
  await demo.upsell().click();
  await expect(demo.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(demo.total).toHaveText('$1,000.00');
  // The widget's stylesheet applied (a constructed sheet, not a blocked <style>).
  await expect(demo.upsell()).toHaveCSS('cursor', 'pointer');
  // So did the page's own (a file, not inline).
  await expect(page.locator('header')).toHaveCSS('background-color', 'rgb(29, 35, 48)');

  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(console).toEqual([]);
});
