// The custom element and the JS API around the widget's wasm functions.
// `mount(element, options) -> id`, `unmount(id)`, `update(id, options)`, `refresh(id)`.
export function define(mount, unmount, update, refresh) {
  const attrs = ['session', 'endpoint', 'locale'];
  const optionsOf = (el) => Object.fromEntries(attrs.map((a) => [a, el.getAttribute(a) || '']));

  class CheckoutWidgetElement extends HTMLElement {
    static get observedAttributes() { return attrs; }
    connectedCallback() {
      if (this._widget == null) this._widget = mount(this, optionsOf(this));
    }
    disconnectedCallback() {
      if (this._widget != null) { unmount(this._widget); this._widget = null; }
    }
    attributeChangedCallback(name, before, after) {
      if (this._widget != null && before !== after) update(this._widget, optionsOf(this));
    }
    /** Reads the session again now (e.g. once your server completed or reopened it). */
    refresh() {
      if (this._widget != null) refresh(this._widget);
    }
  }
  if (!customElements.get('checkout-widget')) customElements.define('checkout-widget', CheckoutWidgetElement);

  const api = {
    /** Mounts a widget into any element: `{session, endpoint, locale}`; returns `{update, refresh, unmount}`. */
    mount(element, options = {}) {
      if (!(element instanceof HTMLElement)) throw new TypeError('CheckoutWidget.mount needs an element');
      let id = mount(element, { ...options });
      return Object.freeze({
        update(next) { if (id != null) update(id, { ...options, ...next }); },
        refresh() { if (id != null) refresh(id); },
        unmount() { if (id != null) { unmount(id); id = null; } },
      });
    },
  };
  window.CheckoutWidget = Object.freeze(api);
  window.dispatchEvent(new Event('checkout-widget:defined'));
}

// One constructed stylesheet for every widget on the page: parsed once, and allowed by a
// Content-Security-Policy without 'unsafe-inline' (a <style> element would not be).
let sheet = null;
export function adoptStyles(root, css) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (sheet == null) { sheet = new CSSStyleSheet(); sheet.replaceSync(css); }
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}

// The answer to `GET url` that the loader (checkout-widget.js) started before the widget
// ran, once: a later load (the buyer's "Try again") asks the server anew.
export function takePrefetched(url) {
  const prefetched = globalThis[Symbol.for('checkout-widget.prefetched')];
  const answer = prefetched?.get(url);
  prefetched?.delete(url);
  return answer;
}

// Runs `callback` in the first task after the next frame is drawn: an animation-frame
// callback runs before that frame's style, layout and paint, and a message posted from it
// is delivered after them (a timeout set there may wait far longer while a page loads).
// A hidden page draws no frames (and runs no animation frames): there, or once the page
// is hidden before the frame came, `callback` runs at once instead of waiting for the
// buyer to come back.
export function afterNextPaint(callback) {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    document.removeEventListener('visibilitychange', run);
    callback();
  };
  if (document.visibilityState === 'hidden') {
    setTimeout(run);
    return;
  }
  document.addEventListener('visibilitychange', run);
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = run;
    channel.port2.postMessage(null);
  });
}
