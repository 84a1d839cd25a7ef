// DESIGN §10, PAYMENTS=merchant against the real server: the confirm freezes the cart,
// the merchant's page mounts its provider's form in `slot="payment"`, and the merchant's
// backend completes or reopens the session with the secret key.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, CARDS, DECLINED, PaymentForm } from '../fixtures/merchant';
import { DEMO } from '../fixtures/engine';

const scan = async (page: Page) =>
  (await new AxeBuilder({ page }).include('checkout-widget').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations;

const events = (page: Page) => page.evaluate(() => (window as any).checkoutEvents as string[]);

test('the buyer types an email, subscribes, pays in the slotted form and sees the finished state', async ({ page, merchant }) => {
  const session = await merchant.engine.demoSession();
  const widget = await merchant.open(page, session.id);
  const pay = new PaymentForm(page);
  await expect(widget.text(/^Test mode$/)).toHaveCount(0); // money moves at the merchant's provider

  await widget.email.fill('anna@example.com');
  await widget.confirm().click();
  // The cart is frozen and handed over: the page's form sits where the button was.
  await expect(pay.card).toBeVisible();
  await expect(widget.confirm()).toHaveCount(0);
  await expect(widget.upsell()).toBeDisabled();
  const frozen = await merchant.engine.retrieve(session.id);
  expect([frozen.status, frozen.payment_status, frozen.awaiting_payment]).toEqual(['open', 'unpaid', true]);
  expect(frozen.customer_details.email).toBe('anna@example.com');
  expect((await events(page)).filter((e) => e === 'checkout:confirm')).toHaveLength(1);

  await pay.card.fill(CARDS.ok);
  await pay.pay.click();
  await expect(widget.done).toContainText('Thank you! Your subscription is active.');
  await expect(widget.done).toContainText('$100.00');
  const done = await merchant.engine.retrieve(session.id);
  expect([done.status, done.payment_status, done.awaiting_payment]).toEqual(['complete', 'paid', false]);
  expect(done.payment_reference).toMatch(/^pi_/);
  expect(merchant.calls).toEqual(['complete 200']);
});

test('a failed payment shows the merchant\'s message and the buyer changes the cart and tries again', async ({ page, merchant }) => {
  const session = await merchant.engine.demoSession();
  const widget = await merchant.open(page, session.id);
  const pay = new PaymentForm(page);
  await widget.email.fill('anna@example.com');
  await widget.confirm().click();
  await pay.card.fill(CARDS.declined);
  await pay.pay.click();

  await expect(widget.alert).toContainText(DECLINED.en);
  await expect(widget.confirm()).toBeEnabled();
  await expect(pay.form).toHaveCount(0);
  expect(merchant.calls).toEqual(['reopen 200']);
  const reopened = await merchant.engine.retrieve(session.id);
  expect([reopened.status, reopened.awaiting_payment]).toEqual(['open', false]);

  // Open for changes again: the buyer switches to yearly; the message goes with the change.
  await widget.upsell().click();
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(widget.total).toHaveText('$1,000.00');
  await expect(widget.alert).toHaveCount(0);
  await widget.confirm().click();
  await pay.card.fill(CARDS.ok);
  await pay.pay.click();
  await expect(widget.done).toContainText('$1,000.00');
  expect(merchant.calls).toEqual(['reopen 200', 'complete 200']);
  const items = await merchant.engine.lineItems(session.id);
  expect(items.data.map((li: any) => li.price.id)).toEqual([DEMO.yearly]);
});

test('a change attempted while awaiting payment is refused and the cart stays as it was', async ({ page, merchant }) => {
  const session = await merchant.engine.demoSession();
  // This page mounts no form: the widget says it waits.
  const widget = await merchant.open(page, session.id, { slotForm: false });
  await widget.email.fill('anna@example.com');
  await widget.confirm().click();
  await expect(widget.waiting).toBeVisible();
  await expect(widget.upsell()).toBeDisabled();
  await expect(widget.increase(DEMO.product)).toBeDisabled();
  await widget.upsell().click({ force: true }); // a forced press while frozen does nothing
  await widget.increase(DEMO.product).click({ force: true });
  // Forced past the widget, the engine refuses and changes nothing.
  const res = await page.request.post(`${merchant.base}/api/checkout/${session.id}/upsell`, { data: { selected: true } });
  expect(res.status()).toBe(409);
  expect((await res.json()).error.code).toBe('session_awaiting_payment');
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'false');
  await expect(widget.total).toHaveText('$100.00');
  const stored = await merchant.engine.retrieve(session.id);
  expect([stored.version, stored.line_items.data[0].quantity, stored.line_items.data[0].price.id]).toEqual([2, 1, DEMO.monthly]);

  // The merchant's server completes it; the widget, reading the session every 2 s, shows it.
  await merchant.engine.call('POST', `/v1/checkout/sessions/${session.id}/complete`, {});
  await expect(widget.done).toContainText('Thank you!');
});

for (const lang of ['en', 'de'] as const) {
  test(`keyboard only, axe clean in every state (${lang})`, async ({ page, merchant }) => {
    const session = await merchant.engine.demoSession();
    const widget = await merchant.open(page, session.id, { locale: lang });
    const pay = new PaymentForm(page, lang);
    const subscribe = widget.confirm(lang === 'de' ? 'Abonnieren' : 'Subscribe');
    expect(await scan(page)).toEqual([]);

    await widget.email.focus();
    await page.keyboard.type('anna@example.com');
    await page.keyboard.press('Tab');
    await expect(subscribe).toBeFocused();
    await page.keyboard.press('Enter');
    // The page focuses its card field when it mounts the form, as a provider's form does.
    await expect(pay.card).toBeFocused();
    expect(await scan(page)).toEqual([]);
    await page.keyboard.type(CARDS.declined);
    await page.keyboard.press('Tab');
    await expect(pay.pay).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(widget.alert).toContainText(DECLINED[lang]);
    expect(await scan(page)).toEqual([]);

    await subscribe.focus();
    await page.keyboard.press('Enter');
    await expect(pay.card).toBeFocused();
    await page.keyboard.type(CARDS.ok);
    await page.keyboard.press('Enter'); // submits the form
    await expect(widget.done).toContainText(lang === 'de' ? 'Vielen Dank! Ihr Abonnement ist aktiv.' : 'Thank you! Your subscription is active.');
    expect(await scan(page)).toEqual([]);
  });
}
