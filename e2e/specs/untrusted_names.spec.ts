import { test, expect, openMerchantPage } from '../fixtures/checkout';

test('a product name with markup is shown as text and runs nothing', async ({ page, engine }) => {
  const evil = '<img src=x onerror=alert(1)>';
  const main = await engine.product(evil);
  const price = await engine.price(main.id, 'usd', 1000);
  const extra = await engine.product(`${evil} add-on`);
  await engine.price(extra.id, 'usd', 500);
  await engine.call('PATCH', `/v1/products/${main.id}`, { cross_sells: [extra.id] });
  const session = await engine.session({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }] });

  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await expect(widget.items.first()).toContainText(evil);
  await widget.add(`${evil} add-on`).click();
  await expect(widget.remove(`${evil} add-on`)).toBeVisible();
  await expect(widget.root.locator('img')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
