// What a merchant page touches of the checkout widget: `window.CheckoutWidget`, the
// `<checkout-widget>` element, and its `checkout:*` events. The client view and error
// detail (`./client-view`) are generated from the engine's Rust wire types.
import type { ClientSession, ErrorDetail } from './client-view';

export * from './client-view';

/** The attributes of `<checkout-widget>`, as options of `CheckoutWidget.mount`. */
export interface CheckoutWidgetOptions {
  /** The checkout session's id (`cs_…`). Nothing is loaded until it is set. */
  session?: string;
  /** Where the widget API lives; default `/api/checkout`. */
  endpoint?: string;
  /** `en` or `de` (a BCP 47 tag); default: the session's locale, then the browser's. */
  locale?: string;
}

/** A widget mounted with `CheckoutWidget.mount`. */
export interface CheckoutWidgetHandle {
  /** Changes some options (a new session loads it). */
  update(options: CheckoutWidgetOptions): void;
  /**
   * Reads the session again now, e.g. once your server completed or reopened it
   * (`PAYMENTS=merchant`; the widget also reads it every 2 s while awaiting payment).
   */
  refresh(): void;
  /** Removes the widget and everything it listens to. */
  unmount(): void;
}

/** `window.CheckoutWidget`, defined once the widget's code has loaded. */
export interface CheckoutWidgetApi {
  mount(element: HTMLElement, options?: CheckoutWidgetOptions): CheckoutWidgetHandle;
}

/**
 * The events a widget dispatches on its element. They bubble and cross the shadow root,
 * so a listener on any ancestor (or `document`) hears them.
 */
export interface CheckoutWidgetEventMap {
  /** The session loaded: its client view. */
  'checkout:ready': CustomEvent<ClientSession>;
  /** A change went through: the session as the server answered it. */
  'checkout:change': CustomEvent<ClientSession>;
  /** A load or change failed (`widget_load_failed` when the widget's code could not load). */
  'checkout:error': CustomEvent<ErrorDetail>;
  /**
   * `PAYMENTS=merchant`: the buyer confirmed and the cart is frozen (`awaiting_payment`).
   * Mount your payment provider's form as the element's child with `slot="payment"`;
   * your server then completes (`POST /v1/checkout/sessions/{id}/complete`) or reopens
   * (`…/reopen`) the session.
   */
  'checkout:confirm': CustomEvent<ClientSession>;
}

/** `<checkout-widget session="…" endpoint="…" locale="…">`. */
export interface CheckoutWidgetElement extends HTMLElement {
  /** Reads the session again now (see `CheckoutWidgetHandle.refresh`). */
  refresh(): void;
  addEventListener<K extends keyof CheckoutWidgetEventMap>(
    type: K,
    listener: (this: CheckoutWidgetElement, event: CheckoutWidgetEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: CheckoutWidgetElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CheckoutWidgetEventMap>(
    type: K,
    listener: (this: CheckoutWidgetElement, event: CheckoutWidgetEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: CheckoutWidgetElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface Window {
    CheckoutWidget: CheckoutWidgetApi;
  }
  interface WindowEventMap {
    /** `window.CheckoutWidget` and `<checkout-widget>` are defined. */
    'checkout-widget:defined': Event;
  }
  interface HTMLElementTagNameMap {
    'checkout-widget': CheckoutWidgetElement;
  }
  interface DocumentEventMap extends CheckoutWidgetEventMap {}
}
