import { test, expect } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

test('the buyer adds the cross-sell, then removes it and it is offered again', async ({ demo, page, engine }) => {
  const session = (await page.locator('checkout-widget').getAttribute('session'))!;
  await expect(demo.add(DEMO.crossSell)).toBeVisible();
  await expect(demo.remove(DEMO.crossSell)).toHaveCount(0);

  await demo.add(DEMO.crossSell).click();
  await expect(demo.items).toHaveCount(2);
  await expect(demo.items.nth(1)).toContainText(DEMO.crossSell);
  await expect(demo.items.nth(1)).toContainText('Qty 1');
  await expect(demo.items.nth(1).getByRole('group')).toHaveCount(0); // no quantity control
  await expect(demo.remove(DEMO.crossSell)).toBeVisible();
  await expect(demo.add(DEMO.crossSell)).toHaveCount(0);
  await expect(demo.total).toHaveText('$600.00');
  const afterAdd = await engine.lineItems(session);
  expect(afterAdd.data.map((li: any) => [li.source, li.price.id, li.quantity])).toEqual([
    ['original', DEMO.monthly, 1],
    ['cross_sell', DEMO.deployment, 1],
  ]);

  await demo.remove(DEMO.crossSell).click();
  await expect(demo.items).toHaveCount(1);
  await expect(demo.add(DEMO.crossSell)).toBeVisible();
  await expect(demo.total).toHaveText('$100.00');
  expect((await engine.lineItems(session)).data).toHaveLength(1);
});
