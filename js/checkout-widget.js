// The one script a merchant page loads:
//   <script type="module" src=".../checkout-widget.js"></script>
// It starts the WebAssembly widget, which defines <checkout-widget> and window.CheckoutWidget.
// A module script runs once the page is parsed, so every <checkout-widget> of the page's
// HTML is there already. Before any widget code runs, the wasm download and each of those
// widgets' session (GET {endpoint}/{session}) start side by side; the widget then takes
// that answer instead of asking again (see `takePrefetched`). The release build bundles
// the glue into this file (scripts/build-widget); `trunk serve` loads it as a module.
const prefetched = new Map();
globalThis[Symbol.for('checkout-widget.prefetched')] = prefetched;
for (const el of document.querySelectorAll('checkout-widget[session]')) {
  const session = el.getAttribute('session').trim();
  const endpoint = (el.getAttribute('endpoint') || '').trim() || '/api/checkout';
  const url = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(session)}`;
  if (!session || prefetched.has(url)) continue;
  // The same request and the same 20 s limit as the widget's own GET.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('no answer within 20 s', 'TimeoutError')), 20_000);
  const answer = fetch(url, { headers: { Accept: 'application/json' }, signal: controller.signal });
  answer.finally(() => clearTimeout(timer)).catch(() => {}); // a failure is the widget's to report
  prefetched.set(url, answer);
}
// An answer no widget took (its element changed or went) is not kept.
setTimeout(() => prefetched.clear(), 30_000);
const wasm = fetch(new URL('./checkout-widget-app_bg.wasm', import.meta.url));
const { default: init } = await import('./checkout-widget-app.js');
await init({ module_or_path: wasm });
