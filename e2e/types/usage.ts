// A merchant page's use of the widget, type-checked under --strict against the
// declarations (js/types): scripts/test compiles it with `tsc -p e2e/types`.
import type { ClientSession, CheckoutWidgetHandle } from '../../js/types';

const el = document.querySelector('checkout-widget');
if (el) {
  el.setAttribute('session', 'cs_123');
  el.addEventListener('checkout:change', (e) => {
    const due: number = e.detail.amount_total;
    const first: string | undefined = e.detail.line_items[0]?.product.name;
    const yearly: boolean = e.detail.upsell?.price.recurring?.interval === 'year';
    console.log(due, first, yearly);
  });
  el.addEventListener('checkout:ready', (e) => console.log(e.detail.status === 'open', e.detail.currency));
  el.addEventListener('checkout:error', (e) => console.log(e.detail.code, e.detail.message));
  el.addEventListener('click', (e) => console.log(e.clientX));
}
document.addEventListener('checkout:change', (e) => console.log(e.detail.version));

const show = (session: ClientSession) => session.cross_sells.filter((c) => !c.added).map((c) => c.product.name);
window.addEventListener('checkout-widget:defined', () => {
  const handle: CheckoutWidgetHandle = window.CheckoutWidget.mount(document.body, { session: 'cs_123', locale: 'de' });
  handle.update({ session: 'cs_456' });
  handle.unmount();
  // @ts-expect-error `session` is a string, not a number.
  window.CheckoutWidget.mount(document.body, { session: 42 });
});
console.log(show);
