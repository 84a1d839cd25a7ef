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
