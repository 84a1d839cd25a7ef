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

test('a long cart, whose answers come gzip-compressed, shows every line and takes a change', async ({ page, engine }) => {
  const line_items = [];
  for (let i = 1; i <= 12; i++) {
    const product = await engine.product(`Seat pack ${i}`);
    const price = await engine.price(product.id, 'usd', 1000, { type: 'recurring', recurring: { interval: 'month' } });
    line_items.push({ price: price.id, quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } });
  }
  const session = await engine.session({ mode: 'subscription', line_items });
  const answer = (path: string) => page.waitForResponse((r) => new URL(r.url()).pathname === `/api/checkout/${session.id}${path}`);
  const loaded = answer('');
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  expect((await (await loaded).allHeaders())['content-encoding']).toBe('gzip');
  await widget.ready();
  await expect(widget.items).toHaveCount(12);
  await expect(widget.total).toHaveText('$120.00');

  const line = (await engine.retrieve(session.id)).line_items.data[6].id;
  const changed = answer(`/line-items/${line}/quantity`);
  await widget.increase('Seat pack 7').click();
  expect((await (await changed).allHeaders())['content-encoding']).toBe('gzip');
  await expect(widget.total).toHaveText('$130.00');
  await expect(widget.root.getByRole('group', { name: 'Quantity of Seat pack 7' })).toContainText('2');
  expect((await engine.lineItems(session.id)).data[6].quantity).toBe(2);
});
