// The one script a merchant page loads:
//   <script type="module" src=".../checkout-widget.js"></script>
// It starts the WebAssembly widget, which defines <checkout-widget> and window.CheckoutWidget.
// The wasm download starts at once, in parallel with loading its JS glue.
const wasm = fetch(new URL('./checkout-widget-app_bg.wasm', import.meta.url));
const { default: init } = await import('./checkout-widget-app.js');
await init({ module_or_path: wasm });
