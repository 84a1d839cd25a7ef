import AxeBuilder from '@axe-core/playwright';
import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { unique } from '../fixtures/engine';

test('the buyer adds an optional item, raises it to 3 and removes it', async ({ page, engine }) => {
  const name = `Onboarding call ${unique()}`;
  const product = await engine.product(name);
  const price = await engine.price(product.id, 'usd', 5000);
  const session = await engine.demoSession({
    optional_items: [{ price: price.id, quantity: 1, adjustable_quantity: { enabled: true, minimum: 0, maximum: 5 } }],
  });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await expect(widget.items).toHaveCount(1);

  await widget.add(name).click();
  await expect(widget.items).toHaveCount(2);
  await expect(widget.total).toHaveText('$150.00');
  await expect(widget.add(name)).toHaveCount(0);

  await widget.increase(name).click();
  await expect(widget.total).toHaveText('$200.00');
  await widget.increase(name).click();
  await expect(widget.quantityOf(name)).toContainText('3');
  await expect(widget.total).toHaveText('$250.00');
  const line = (await engine.lineItems(session.id)).data.find((li: any) => li.price.id === price.id);
  expect(line).toMatchObject({ quantity: 3, source: 'optional_item' });

  await widget.remove(name).click();
  await expect(widget.items).toHaveCount(1);
  await expect(widget.total).toHaveText('$100.00');
  // Offered again.
  await expect(widget.add(name)).toBeVisible();
});

test('keyboard only: add an optional item, raise it, remove it, with no axe violations', async ({ page, engine }) => {
  const name = `Priority support ${unique()}`;
  const product = await engine.product(name);
  const price = await engine.price(product.id, 'usd', 2500);
  const session = await engine.demoSession({
    optional_items: [{ price: price.id, quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 3 } }],
  });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await widget.add(name).focus();
  await page.keyboard.press('Enter');
  await expect(widget.total).toHaveText('$125.00');
  await widget.increase(name).focus();
  await page.keyboard.press('Space');
  await expect(widget.total).toHaveText('$150.00');
  const scan = await new AxeBuilder({ page }).include('checkout-widget').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(scan.violations).toEqual([]);
  await widget.remove(name).focus();
  await page.keyboard.press('Enter');
  await expect(widget.total).toHaveText('$100.00');
  await expect(widget.add(name)).toBeVisible();
});
