import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

test('a German buyer sees German strings and German number formats', async ({ page, engine }) => {
  const session = await engine.demoSession();
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id, locale: 'de' }] });
  await widget.ready();
  const upsell = widget.upsell('Mit einem Jahresabonnement sparen');
  await expect(upsell).toHaveAttribute('aria-checked', 'false');
  await expect(widget.text('200 $ sparen')).toBeVisible();
  await expect(widget.total).toHaveText('100,00 $');
  await expect(widget.recurring).toHaveText('danach 100,00 $ pro Monat');
  await expect(widget.root.getByRole('button', { name: `${DEMO.crossSell} hinzufügen` })).toBeVisible();
  await expect(widget.root.getByText('Heute fällig')).toBeVisible();

  await upsell.click();
  await expect(widget.total).toHaveText('1.000,00 $');
  await expect(widget.recurring).toHaveText('danach 1.000,00 $ pro Jahr');
  await expect(widget.root.getByText('83,33 $ / Monat, jährlich abgerechnet', { exact: true })).toBeVisible();
});

test('the session locale applies when the element has none, and errors are German too', async ({ page, engine }) => {
  const session = await engine.demoSession({ locale: 'de' });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id }] });
  await widget.ready();
  await expect(widget.upsell('Mit einem Jahresabonnement sparen')).toBeVisible();
  await page.route('**/upsell', (r) => r.abort('connectionrefused'));
  await widget.upsell('Mit einem Jahresabonnement sparen').click();
  await expect(widget.alert).toContainText('Der Server ist nicht erreichbar');
  await expect(widget.alert).toContainText('Ihr Warenkorb wurde nicht geändert.');
});

test('zero- and three-decimal currencies in English and German', async ({ page, engine }) => {
  const product = await engine.product('Manual');
  const jpy = await engine.price(product.id, 'jpy', 1500);
  const kwd = await engine.price(product.id, 'kwd', 12345);
  const eur = await engine.price(product.id, 'eur', 1990);
  const sessions = await Promise.all([jpy, kwd, eur].map((p) =>
    engine.session({ mode: 'payment', line_items: [{ price: p.id, quantity: 2 }] })));
  const widgets = await openMerchantPage(page, {
    widgets: [
      { session: sessions[0].id }, { session: sessions[0].id, locale: 'de' },
      { session: sessions[1].id }, { session: sessions[1].id, locale: 'de' },
      { session: sessions[2].id }, { session: sessions[2].id, locale: 'de' },
    ],
  });
  const expected = ['¥3,000', '3.000 ¥', 'KWD 24.690', '24,690 KWD', '€39.80', '39,80 €'];
  for (const [i, text] of expected.entries()) {
    await expect(widgets[i].total).toHaveText(text.replace(/ /g, '\u00a0'));
  }
});
