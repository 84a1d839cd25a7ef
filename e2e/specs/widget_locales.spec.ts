import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

/** A locale's strings, as the widget fetches them. */
const strings = (id: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(__dirname, '../../locales', `${id}.json`), 'utf8'));
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? `{${name}}`);
const pattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`);

for (const id of ['fr', 'ja', 'pl', 'ar']) {
  test(`a buyer reads the checkout in ${id}: the switch by its name, the savings, a cross-sell added`, async ({ page, engine }, testInfo) => {
    const s = strings(id);
    const session = await engine.demoSession();
    const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id, locale: id }] });
    await widget.ready();
    await expect(widget.region).toHaveAttribute('lang', id);
    await expect(widget.region).toHaveAttribute('dir', id === 'ar' ? 'rtl' : 'ltr');
    await expect(widget.region).toHaveAccessibleName(s.order_summary);
    const upsell = widget.upsell(s.upsell_year);
    await expect(upsell).toHaveAttribute('aria-checked', 'false');
    await expect(widget.root.locator('#cw-upsell-savings')).toHaveText(pattern(s.save_amount));
    await expect(widget.root.getByRole('status', { name: s.total_due_today })).toBeVisible();

    await widget.root.getByRole('button', { name: fill(s.add, { name: DEMO.crossSell }) }).click();
    await expect(widget.root.getByRole('button', { name: fill(s.remove, { name: DEMO.crossSell }) })).toBeVisible();
    await expect(widget.items).toHaveCount(2);
    await upsell.click();
    await expect(upsell).toHaveAttribute('aria-checked', 'true');
    await expect(widget.region).toHaveAttribute('aria-busy', 'false');
    await testInfo.attach(`widget-${id}.png`, { body: await widget.root.screenshot(), contentType: 'image/png' });
  });
}

test('Arabic is right to left: the total sits on the left, and axe finds nothing', async ({ page, engine }) => {
  const s = strings('ar');
  const session = await engine.demoSession();
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id, locale: 'ar-EG' }] });
  await widget.ready();
  await expect(widget.region).toHaveAttribute('dir', 'rtl');
  const due = widget.root.getByRole('status', { name: s.total_due_today });
  const label = due.getByRole('term');
  await expect(label).toHaveText(s.total_due_today);
  const [amount, term] = [await due.getByRole('definition').boundingBox(), await label.boundingBox()];
  expect(amount!.x + amount!.width).toBeLessThan(term!.x);
  // The switch's thumb starts at the right (reading start) and moves left when on.
  const thumb = widget.root.locator('.cw-thumb');
  const before = (await thumb.boundingBox())!.x;
  await widget.upsell(s.upsell_year).click();
  await expect(widget.upsell(s.upsell_year)).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await thumb.boundingBox())!.x).toBeLessThan(before);
  const scan = await new AxeBuilder({ page }).include('checkout-widget').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(scan.violations).toEqual([]);
});

test('a French first load fetches its strings beside the wasm, not after it', async ({ page, engine }) => {
  const session = await engine.demoSession();
  const started = new Map<string, number>();
  const finished = new Map<string, number>();
  page.on('request', (r) => started.set(new URL(r.url()).pathname, Date.now()));
  page.on('requestfinished', (r) => finished.set(new URL(r.url()).pathname, Date.now()));
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id, locale: 'fr-BE' }] });
  await widget.ready();
  await expect(widget.upsell(strings('fr').upsell_year)).toBeVisible();
  const paths = [...started.keys()];
  const wasm = paths.find((p) => p.endsWith('.wasm'))!;
  expect(paths.filter((p) => p === '/widget/locales/fr.json')).toHaveLength(1);
  // The strings were asked for before the wasm had arrived: beside it, not in series.
  expect(started.get('/widget/locales/fr.json')!).toBeLessThanOrEqual(finished.get(wasm)!);
  expect(started.has('/widget/locales/en.json')).toBe(false);
});

test('English loads no strings file at all', async ({ page, engine }) => {
  const session = await engine.demoSession();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const [widget] = await openMerchantPage(page, { widgets: [{ session: session.id, locale: 'en-GB' }] });
  await widget.ready();
  await expect(widget.upsell()).toBeVisible();
  expect(requested.filter((p) => p.includes('/locales/'))).toEqual([]);
});
