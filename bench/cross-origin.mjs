// Click → re-render on a merchant page of another origin (the widget's usual place):
// every update carries `Idempotency-Key`, so the browser sends a CORS preflight first
// unless it kept the answer to an earlier one (`Access-Control-Max-Age`; without it
// Chromium keeps one 5 s). Buyers pause between clicks for longer than that, so each run
// clicks with a pause of PAUSE_MS (default 6 s) between clicks, and also back to back;
// each on loopback and through a proxy that adds a 40 ms round trip.
// Prints one JSON object: per case, the click → re-render times and the preflights sent.
//   node bench/cross-origin.mjs BASE KEY SHOP_PORT   (the shop page is served on
//   http://localhost:SHOP_PORT, which the server must allow in ALLOWED_ORIGINS)
import { createRequire } from 'node:module';
const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const base = process.argv[2];
const key = process.argv[3];
const pause = Number(process.env.PAUSE_MS ?? 6000);
const clicks = Number(process.env.CLICKS ?? 10);
import { createServer } from 'node:http';
import net from 'node:net';
// A network with a round trip: a TCP proxy in front of the server that holds every chunk
// 20 ms each way (40 ms RTT, a phone on a good network), for every request the browser
// makes, preflights included (DevTools' latency emulation skips preflights, and this
// machine's kernel has no netem).
const serverPort = Number(new URL(base).port);
const proxy = net.createServer((client) => {
  const upstream = net.connect(serverPort, '127.0.0.1');
  const hold = (from, to) => from.on('data', (d) => setTimeout(() => to.write(d), 20));
  hold(client, upstream);
  hold(upstream, client);
  const end = () => { client.destroy(); upstream.destroy(); };
  client.on('close', end); upstream.on('close', end);
  client.on('error', end); upstream.on('error', end);
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const slow = `http://127.0.0.1:${proxy.address().port}`;
// The merchant's page, served from its own origin (localhost, another port) by a real
// HTTP server, so the browser treats it as it treats any page with the widget.
const pages = new Map();
const shopServer = createServer((req, res) => {
  const html = pages.get(req.url);
  res.writeHead(html ? 200 : 404, { 'content-type': 'text/html' });
  res.end(html ?? 'not found');
});
await new Promise((r) => shopServer.listen(Number(process.argv[4]), '127.0.0.1', r));
const shop = `http://localhost:${shopServer.address().port}`;
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
  // Preflights are the network service's own requests: Playwright's request events do
  // not show them, the DevTools protocol does (type `Preflight`).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let preflights = 0;
  cdp.on('Network.requestWillBeSent', (e) => { if (e.type === 'Preflight' || e.request.method === 'OPTIONS') preflights++; });
  const server = latency ? slow : base;
  const id = await session();
  const html = `<!doctype html><meta charset="utf-8"><title>Shop</title>
<script type="module" src="${server}/widget/checkout-widget.js"></script>
<checkout-widget session="${id}" endpoint="${server}/api/checkout"></checkout-widget>`;
  pages.set(`/${id}.html`, html);
  if (process.env.DEBUG) {
    page.on('console', (m) => console.error('console:', m.text()));
    page.on('requestfailed', (r) => console.error('failed:', r.url(), r.failure()?.errorText));
  }
  await page.goto(`${shop}/${id}.html`);
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
for (const latency of (process.env.LATENCIES ?? '0,40').split(',').map(Number)) {
  out[`rtt_${latency}ms_back_to_back`] = await run(0, latency);
  out[`rtt_${latency}ms_pause_${pause / 1000}s`] = await run(pause, latency);
}
await browser.close();
shopServer.close();
proxy.close();
console.log(JSON.stringify(out, null, 2));
