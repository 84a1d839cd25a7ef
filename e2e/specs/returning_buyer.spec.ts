import { test, expect } from '../fixtures/checkout';

// The release build names the wasm by a hash of its bytes and the server lets browsers
// keep it for a year; the loader (the URL merchants embed) is revalidated on every use.
test('a returning buyer\'s browser takes the wasm from its cache and asks again only for the loader', async ({ demo, page }) => {
  const transfers = () => page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/widget/'))
    .map((e) => { const r = e as PerformanceResourceTiming; return { file: r.name.split('/').pop()!, transferred: r.transferSize, body: r.encodedBodySize }; }));
  const first = await transfers();
  const wasm = first.find((t) => t.file.endsWith('.wasm'))!;
  expect(wasm.file).toMatch(/^checkout-widget-[0-9a-f]{16}\.wasm$/);
  expect(wasm.transferred).toBeGreaterThan(0); // the first visit downloads it

  await page.goto('/'); // the same page again, on a new session
  await demo.ready();
  const again = await transfers();
  expect(again.find((t) => t.file === wasm.file)).toMatchObject({ transferred: 0, body: wasm.body });
  // The loader was asked for again (revalidated), and the answer was a 304: its headers,
  // not the file a second time.
  const loaderBefore = first.find((t) => t.file === 'checkout-widget.js')!;
  const loader = again.find((t) => t.file === 'checkout-widget.js')!;
  expect(loader.transferred).toBeGreaterThan(0);
  expect(loader.transferred).toBeLessThan(loaderBefore.body);
});
