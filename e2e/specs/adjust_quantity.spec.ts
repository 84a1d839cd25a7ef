import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

test('the buyer adjusts a quantity within its limits and the stepper stops there', async ({ page, engine }) => {
  const session = await engine.demoSession({}, 3);
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  const up = widget.increase(DEMO.product);
  const down = widget.decrease(DEMO.product);
  await expect(down).toBeDisabled();
  await expect(widget.root.getByRole('group', { name: `Quantity of ${DEMO.product}` })).toContainText('1');

  await up.click();
  await expect(widget.total).toHaveText('$200.00');
  await up.click();
  await expect(widget.total).toHaveText('$300.00');
  await expect(widget.text('Save $600')).toBeVisible(); // savings follow the quantity
  await expect(up).toBeDisabled();
  await expect(down).toBeEnabled();
  expect((await engine.lineItems(session.id)).data[0].quantity).toBe(3);

  await down.click();
  await down.click();
  await expect(widget.total).toHaveText('$100.00');
  await expect(down).toBeDisabled();
  await expect(up).toBeEnabled();
});

test('a server_only session shows no stepper', async ({ page, engine }) => {
  const session = await engine.demoSession({ permissions: { update_line_items: 'server_only' } }, 3);
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await expect(widget.increase(DEMO.product)).toHaveCount(0);
  await expect(widget.items.first()).toContainText('Qty 1');
});
