import { test, expect } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

test('the whole flow works with the keyboard alone', async ({ demo, page }) => {
  // Tab into the widget: the stepper's decrease button comes first (focusable, but
  // aria-disabled at the minimum, so a press changes nothing), then increase, the switch
  // and the cross-sell.
  await page.keyboard.press('Tab');
  await expect(demo.decrease(DEMO.product)).toBeFocused();
  await expect(demo.decrease(DEMO.product)).toBeDisabled();
  await page.keyboard.press('Tab');
  await expect(demo.increase(DEMO.product)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(demo.total).toHaveText('$200.00');
  await expect(demo.increase(DEMO.product)).toBeFocused();

  await page.keyboard.press('Tab');
  await expect(demo.upsell()).toBeFocused();
  await page.keyboard.press('Space');
  await expect(demo.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(demo.total).toHaveText('$2,000.00');
  await expect(demo.upsell()).toBeFocused();

  await page.keyboard.press('Tab');
  await expect(demo.add(DEMO.crossSell)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(demo.remove(DEMO.crossSell)).toBeVisible();
  await expect(demo.total).toHaveText('$2,500.00');

  await demo.remove(DEMO.crossSell).focus();
  await page.keyboard.press('Enter');
  await expect(demo.add(DEMO.crossSell)).toBeVisible();
  await expect(demo.total).toHaveText('$2,000.00');
});
