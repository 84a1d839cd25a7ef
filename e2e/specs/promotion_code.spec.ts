import AxeBuilder from '@axe-core/playwright';
import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { unique, type Engine } from '../fixtures/engine';

/** A 25 % coupon (every invoice) with a promotion code, and a demo session that takes codes. */
async function setUp(engine: Engine) {
  const name = `Welcome ${unique()}`;
  const coupon = await engine.call('POST', '/v1/coupons', { percent_off: 25, duration: 'forever', name });
  const code = `WELCOME_${unique()}`.toUpperCase();
  await engine.call('POST', '/v1/promotion_codes', { coupon: coupon.id, code });
  const session = await engine.demoSession({ allow_promotion_codes: true });
  return { code, name, session };
}

test('the buyer applies a code, keeps it on the yearly price, and removes it', async ({ page, engine }) => {
  const { code, name, session } = await setUp(engine);
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await expect(widget.total).toHaveText('$100.00');

  await widget.addCode.click();
  // Matched without regard to case.
  await widget.codeField.fill(code.toLowerCase());
  await widget.applyCode.click();
  await expect(widget.total).toHaveText('$75.00');
  await expect(widget.discount).toContainText(name);
  await expect(widget.text(code)).toBeVisible();
  await expect(widget.removeCode).toBeVisible();
  expect((await engine.retrieve(session.id)).amount_total).toBe(7500);

  // The coupon applies to the upsell price too (seed 003).
  await widget.upsell().click();
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(widget.total).toHaveText('$750.00');
  // The recurring line is before discounts (checkout-core `totals`).
  await expect(widget.recurring).toHaveText('then $1,000.00 per year');
  await expect(widget.text(code)).toBeVisible();

  await widget.removeCode.click();
  await expect(widget.total).toHaveText('$1,000.00');
  await expect(widget.discount).toHaveCount(0);
  await expect(widget.addCode).toBeVisible();
});

test('a wrong code says why next to the field and changes nothing', async ({ page, engine }) => {
  const { session } = await setUp(engine);
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await widget.addCode.click();
  await widget.codeField.fill('NOT-A-CODE');
  await widget.codeField.press('Enter');
  await expect(widget.codeField).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.codeField).toHaveAccessibleDescription('This code is invalid.');
  await expect(widget.total).toHaveText('$100.00');
  // Said once, next to the field: the widget's alert stays quiet.
  await expect(widget.alert).toHaveCount(0);
  await expect(widget.codeField).toHaveValue('NOT-A-CODE');
  expect((await engine.retrieve(session.id)).amount_total).toBe(10000);
});

test('keyboard only: open the field, apply a code, remove it, with no axe violations', async ({ page, engine }) => {
  const { code, session } = await setUp(engine);
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await widget.addCode.focus();
  await page.keyboard.press('Enter');
  await expect(widget.codeField).toBeVisible();
  await widget.codeField.focus();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(widget.total).toHaveText('$75.00');
  const scan = await new AxeBuilder({ page }).include('checkout-widget').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(scan.violations).toEqual([]);
  await widget.removeCode.focus();
  await page.keyboard.press('Enter');
  await expect(widget.total).toHaveText('$100.00');
});
