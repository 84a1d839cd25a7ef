// Click → re-render on a merchant page of another origin (the widget's usual place):
// every update carries `Idempotency-Key`, so the browser sends a CORS preflight first
// unless it kept the answer to an earlier one (`Access-Control-Max-Age`; without it
// Chromium keeps one 5 s). Buyers pause between clicks for longer than that, so each run
// clicks with a pause of PAUSE_MS (default 6 s) between clicks, and also back to back;
// each on loopback and with a 40 ms round trip emulated (a phone on a good network).
// Prints one JSON object: per case, the click → re-render times and the preflights sent.
//   node bench/cross-origin.mjs BASE KEY     (the server must allow the origin
//   http://localhost:<BASE's port> in ALLOWED_ORIGINS; BASE is http://127.0.0.1:<port>)
import { createRequire } from 'node:module';
const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const base = process.argv[2];
const key = process.argv[3];
const pause = Number(process.env.PAUSE_MS ?? 6000);
const clicks = Number(process.env.CLICKS ?? 10);
const shop = base.replace('127.0.0.1', 'localhost');
const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1), n: s.length };
};

async function session() {
  const res = await fetch(`${base}/v1/checkout/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'subscription', line_items: [{ price: 'price_pro_monthly', quantity: 1 }] }),
  });
  if (!res.ok) throw new Error(`session: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

async function run(gap, latency) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (latency) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
  }
  const id = await session();
  const html = `<!doctype html><meta charset="utf-8"><title>Shop</title>
<script type="module" src="${base}/widget/checkout-widget.js"></script>
<checkout-widget session="${id}" endpoint="${base}/api/checkout"></checkout-widget>`;
  await page.route(`${shop}/shop.html`, (r) => r.fulfill({ contentType: 'text/html', body: html }));
  let preflights = 0;
  page.on('request', (r) => { if (r.method() === 'OPTIONS') preflights++; });
  await page.goto(`${shop}/shop.html`);
  await page.waitForFunction(() => performance.getEntriesByName('checkout-widget:painted').length > 0, null, { timeout: 30_000 });
  const toggle = () => page.evaluate(async () => {
    const root = document.querySelector('checkout-widget').shadowRoot;
    const sw = root.querySelector('[role=switch]');
    const want = sw.getAttribute('aria-checked') === 'true' ? 'false' : 'true';
    const t0 = performance.now();
    sw.click();
    await new Promise((done) => {
      const check = () => {
        if (sw.getAttribute('aria-checked') === want && root.querySelector('.cw').getAttribute('aria-busy') === 'false') { mo.disconnect(); done(); }
      };
      const mo = new MutationObserver(check);
      mo.observe(root, { subtree: true, attributes: true });
    });
    await new Promise(requestAnimationFrame);
    return performance.now() - t0;
  });
  const times = [];
  const before = preflights;
  for (let i = 0; i < clicks; i++) {
    if (i > 0 && gap) await new Promise((r) => setTimeout(r, gap));
    times.push(await toggle());
  }
  const out = { ...stats(times), preflights: preflights - before };
  await context.close();
  return out;
}

const out = {};
for (const latency of [0, 40]) {
  out[`rtt_${latency}ms_back_to_back`] = await run(0, latency);
  out[`rtt_${latency}ms_pause_${pause / 1000}s`] = await run(pause, latency);
}
await browser.close();
console.log(JSON.stringify(out, null, 2));
