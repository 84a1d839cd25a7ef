// The one script a merchant page loads:
//   <script type="module" src=".../checkout-widget.js"></script>
// It starts the WebAssembly widget, which defines <checkout-widget> and window.CheckoutWidget.
// A module script runs once the page is parsed, so every <checkout-widget> of the page's
// HTML is there already. Before any widget code runs, the wasm download and each of those
// widgets' session (GET {endpoint}/{session}) start side by side; the widget then takes
// that answer instead of asking again (see `takePrefetched`). The release build bundles
// the glue into this file (scripts/build-widget); `trunk serve` loads it as a module.
import { localeStrings, localeUrl, matchLocale } from './locales.js';

const prefetched = new Map();
globalThis[Symbol.for('checkout-widget.prefetched')] = prefetched;
// Locale files are beside this script (js/locales.js, `localeUrl`).
globalThis[Symbol.for('checkout-widget.base')] = new URL('./', import.meta.url).href;
// The same 20 s limit as the widget's own requests.
const prefetch = (url, init = {}) => {
  if (prefetched.has(url)) return;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('no answer within 20 s', 'TimeoutError')), 20_000);
  const answer = fetch(url, { ...init, signal: controller.signal });
  answer.finally(() => clearTimeout(timer)).catch(() => {}); // a failure is the widget's to report
  prefetched.set(url, answer);
  return answer;
};
// A locale other than English: its strings (English is in the wasm).
const prefetchLocale = (tag) => {
  const id = tag && matchLocale(tag);
  if (id && !id.startsWith('en')) prefetch(localeUrl(id));
  return id;
};
for (const el of document.querySelectorAll('checkout-widget')) {
  const session = (el.getAttribute('session') || '').trim();
  const endpoint = (el.getAttribute('endpoint') || '').trim() || '/api/checkout';
  const url = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(session)}`;
  const answer = session ? prefetch(url, { headers: { Accept: 'application/json' } }) : undefined;
  // The widget's choice (src/i18n.rs): the attribute, then the session's locale, then
  // the browser's language. The last two are both started, the session's once it is in.
  if (!prefetchLocale(el.getAttribute('locale'))) {
    answer?.then((r) => r.ok && r.clone().json()).then((s) => prefetchLocale(s?.locale)).catch(() => {});
    prefetchLocale(navigator.language);
  }
}
// An answer no widget took (its element changed or went) is not kept.
setTimeout(() => prefetched.clear(), 30_000);
try {
  const wasm = fetch(new URL('./checkout-widget-app_bg.wasm', import.meta.url));
  const { default: init } = await import('./checkout-widget-app.js');
  await init({ module_or_path: wasm });
} catch (error) {
  loadFailed(error);
}

// The widget's code did not load (the wasm was blocked, or the network failed): every
// <checkout-widget>, now and later, shows the failure state a failed session load shows,
// in the buyer's language, and dispatches `checkout:error` with `widget_load_failed`.
// The two texts are the widget's own (`load_failed`, `err_network` in src/i18n.rs; a
// test keeps them the same).
function loadFailed(error) {
  const english = ["We couldn't load your checkout.", "We couldn't reach the server. Check your connection and try again.", 'Try again'];
  // Another locale's texts come from its strings, fetched beside the wasm (English when
  // even they could not be had).
  const texts = async (tag) => {
    const id = matchLocale(tag);
    if (!id || id.startsWith('en')) return ['en', english];
    try {
      const strings = await localeStrings(id);
      const found = [strings.load_failed, strings.err_network, strings.try_again];
      if (found.every((t) => typeof t === 'string')) return [id, found];
    } catch {}
    return ['en', english];
  };
  const show = async (el, options = {}) => {
    const [lang, [title, detail, again]] = await texts(options.locale || el.getAttribute('locale') || navigator.language || 'en');
    const root = el.shadowRoot || el.attachShadow({ mode: 'open' });
    const box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.setAttribute('lang', lang);
    box.setAttribute('dir', lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr');
    for (const line of [title, detail]) box.append(Object.assign(document.createElement('p'), { textContent: line }));
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: again });
    button.addEventListener('click', () => location.reload());
    box.append(button);
    root.replaceChildren(box);
    el.dispatchEvent(new CustomEvent('checkout:error', {
      bubbles: true,
      composed: true,
      detail: { code: 'widget_load_failed', message: String(error && error.message || error) },
    }));
  };
  if (!customElements.get('checkout-widget')) {
    customElements.define('checkout-widget', class extends HTMLElement {
      connectedCallback() { show(this); }
      refresh() {}
    });
  }
  window.CheckoutWidget = Object.freeze({
    mount(element, options = {}) {
      show(element, options);
      return Object.freeze({ update() {}, refresh() {}, unmount() {} });
    },
  });
}
