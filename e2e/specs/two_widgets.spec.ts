import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

test('two widgets on one page work independently', async ({ page, engine }) => {
  const a = await engine.demoSession();
  const b = await engine.demoSession({ locale: 'de' });
  const [first, second] = await openMerchantPage(page, { widgets: [{ session: a.id }, { session: b.id }] });
  await first.ready();
  await second.ready();

  await first.upsell().click();
  await expect(first.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(first.total).toHaveText('$1,000.00');
  await expect(second.upsell('Mit einem Jahresabonnement sparen')).toHaveAttribute('aria-checked', 'false');
  await expect(second.total).toHaveText('100,00 $');

  await second.root.getByRole('button', { name: `${DEMO.crossSell} hinzufügen` }).click();
  await expect(second.total).toHaveText('600,00 $');
  await expect(first.items).toHaveCount(1);
  await expect(first.add(DEMO.crossSell)).toBeVisible();
});
