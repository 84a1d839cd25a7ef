import { test, expect } from '../fixtures/checkout';

for (const width of [375, 1280]) {
  test(`the demo page at ${width} px`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    const widget = page.locator('checkout-widget');
    await expect(widget.getByRole('switch')).toBeVisible();
    const box = await widget.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width); // nothing overflows the viewport
    const path = info.outputPath(`demo-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    await info.attach(`demo-${width}`, { path, contentType: 'image/png' });
  });
}

test('the savings badge and the test-mode badge each keep their own look', async ({ page }) => {
  await page.goto('/');
  const widget = page.locator('checkout-widget');
  // The savings are the success colour, as written; "Test mode" is amber and in capitals
  // (both used to share one class, and the later rule gave the savings the test look).
  const savings = widget.getByText(/^Save \S+$/);
  await expect(savings).toHaveCSS('color', 'rgb(6, 118, 71)');
  await expect(savings).toHaveCSS('text-transform', 'none');
  const testMode = widget.getByText(/^Test mode$/);
  await expect(testMode).toHaveCSS('color', 'rgb(122, 75, 0)');
  await expect(testMode).toHaveCSS('text-transform', 'uppercase');
});
