import { test, expect, openMerchantPage, CheckoutWidget } from '../fixtures/checkout';

test('events, attribute changes and the JS API', async ({ page, engine }) => {
  const a = await engine.demoSession();
  const b = await engine.demoSession();
  await page.addInitScript(() => {
    (window as any).seen = [];
    // Each event also records what the widget shows when it arrives: a listener that
    // reads the widget finds it already up to date.
    const shown = (e: any) => e.target.shadowRoot?.querySelector('[role=switch]')?.getAttribute('aria-checked') ?? null;
    for (const name of ['checkout:ready', 'checkout:change', 'checkout:error']) {
      document.addEventListener(name, (e: any) => (window as any).seen.push([name, e.detail?.id ?? e.detail?.code ?? null, e.detail?.version ?? null, shown(e)]));
    }
  });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: a.id }] });
  await widget.ready();
  await expect.poll(() => page.evaluate(() => (window as any).seen)).toEqual([['checkout:ready', a.id, 1, 'false']]);

  await widget.upsell().click();
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => page.evaluate(() => (window as any).seen.at(-1))).toEqual(['checkout:change', a.id, 2, 'true']);

  await page.route('**/upsell', (r) => r.abort('connectionrefused'));
  await widget.upsell().click();
  await expect.poll(() => page.evaluate(() => (window as any).seen.at(-1))).toEqual(['checkout:error', 'network_error', null, 'true']);
  await page.unroute('**/upsell');

  // Changing the session attribute loads the other session.
  await widget.root.evaluate((el, id) => el.setAttribute('session', id), b.id);
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'false');
  await expect(widget.total).toHaveText('$100.00');
  await expect(widget.alert).toHaveCount(0);

  // The JS API mounts into any element and unmounts cleanly.
  await page.evaluate((id) => {
    const host = document.createElement('div');
    host.id = 'api-host';
    document.body.append(host);
    (window as any).handle = (window as any).CheckoutWidget.mount(host, { session: id, endpoint: '/api/checkout', locale: 'de' });
  }, b.id);
  const mounted = new CheckoutWidget(page, page.locator('#api-host'));
  await expect(mounted.upsell('Mit einem Jahresabonnement sparen')).toBeVisible();
  // The merchant's server changes the cart; `refresh()` shows it at once, on the handle
  // and on the element, each with one `checkout:change`.
  const li = (await engine.retrieve(b.id)).line_items.data[0].id;
  await engine.call('POST', `/v1/checkout/sessions/${b.id}`, { line_items: [{ id: li, quantity: 3 }] });
  const changes = () => page.evaluate(() => (window as any).seen.filter((e: any) => e[0] === 'checkout:change').length);
  const before = await changes();
  await page.evaluate(() => (window as any).handle.refresh());
  await expect(mounted.total).toHaveText('300,00 $');
  await expect(widget.total).toHaveText('$100.00'); // the element shows the same session, not yet read again
  await widget.root.evaluate((el: any) => el.refresh());
  await expect(widget.total).toHaveText('$300.00');
  await expect.poll(changes).toBe(before + 2);
  // Nothing moved: the session is read again, and no event follows (an event is sent in
  // the task after the next frame; two frames later it would have been).
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/checkout/${b.id}`) && r.request().method() === 'GET'),
    page.evaluate(() => (window as any).handle.refresh()),
  ]);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(await changes()).toBe(before + 2);
  await page.evaluate(() => (window as any).handle.unmount());
  await expect(mounted.root.getByRole('switch')).toHaveCount(0);
});

test('a page in a background tab still gets its events', async ({ page, engine }) => {
  const a = await engine.demoSession();
  await page.addInitScript(() => {
    // A tab in the background: hidden, and it runs no animation frames.
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden', configurable: true });
    window.requestAnimationFrame = () => 0;
    (window as any).seen = [];
    for (const name of ['checkout:ready', 'checkout:change']) {
      document.addEventListener(name, (e: any) => (window as any).seen.push([name, e.detail.version]));
    }
  });
  const [widget] = await openMerchantPage(page, { widgets: [{ session: a.id }] });
  await widget.ready();
  await expect.poll(() => page.evaluate(() => (window as any).seen)).toEqual([['checkout:ready', 1]]);
  await widget.upsell().click();
  await expect(widget.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => page.evaluate(() => (window as any).seen.at(-1))).toEqual(['checkout:change', 2]);
});
