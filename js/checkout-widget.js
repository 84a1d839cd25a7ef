// The one script a merchant page loads:
//   <script type="module" src=".../checkout-widget.js"></script>
// It starts the WebAssembly widget, which defines <checkout-widget> and window.CheckoutWidget.
import init from './checkout-widget-app.js';

await init({ module_or_path: new URL('./checkout-widget-app_bg.wasm', import.meta.url) });
