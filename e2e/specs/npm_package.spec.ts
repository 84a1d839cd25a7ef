import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, expect, CheckoutWidget } from '../fixtures/checkout';

// The npm package as a merchant gets it: `npm pack` on the folder the release build fills
// (dist-npm), installed into a fresh project, type-checked there, and served to Chromium.
const repo = path.resolve(__dirname, '../..');
const tsc = path.join(repo, 'e2e/node_modules/.bin/tsc');
let project = '';
let installed = '';

test.beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'merchant-shop-'));
  const packed = execFileSync('npm', ['pack', path.join(repo, 'dist-npm'), '--pack-destination', project, '--silent'], { encoding: 'utf8' });
  const tarball = path.join(project, packed.trim().split('\n').pop()!);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'merchant-shop', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project });
  installed = path.join(project, 'node_modules/checkout-widget');
});

test.afterAll(() => {
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

test('the packed package holds the loader, the hashed wasm, the locales, the declarations and the README, and a page type-checks against it', () => {
  const files = fs.readdirSync(installed).sort();
  expect(files).toEqual(['README.md', expect.stringMatching(/^checkout-widget-[0-9a-f]{16}\.wasm$/), 'checkout-widget.js', 'locales', 'package.json', 'types']);
  // Every locale but English (which is in the wasm), as the repository has them.
  const locales = fs.readdirSync(path.join(installed, 'locales')).sort();
  expect(locales).toEqual(fs.readdirSync(path.join(repo, 'locales')).sort());
  expect(locales).toHaveLength(40);
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  expect(pkg.types).toBe('./types/index.d.ts');
  const wasm = files.find((f) => f.endsWith('.wasm'))!;
  expect(fs.readFileSync(path.join(installed, 'checkout-widget.js'), 'utf8')).toContain(wasm);
  const readme = fs.readFileSync(path.join(installed, 'README.md'), 'utf8');
  expect(readme).toContain('<script type="module" src="https://checkout.example.com/widget/checkout-widget.js"></script>\n<checkout-widget session="cs_…"></checkout-widget>');

  fs.writeFileSync(path.join(project, 'page.ts'), `
import 'checkout-widget';
import type { ClientSession, ErrorDetail } from 'checkout-widget';

const el = document.createElement('checkout-widget');
el.setAttribute('session', 'cs_123');
el.addEventListener('checkout:change', (e) => {
  const due: number = e.detail.amount_total;
  console.log(due);
});
el.addEventListener('checkout:error', (e) => {
  const error: ErrorDetail = e.detail;
  console.log(error.code);
});
const last: ClientSession | null = null;
console.log(last);
const handle = window.CheckoutWidget.mount(document.body, { session: 'cs_123' });
handle.unmount();
// @ts-expect-error locale is a string
window.CheckoutWidget.mount(document.body, { locale: 7 });
`);
  const config = { compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] }, files: ['page.ts'] };
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(config));
  execFileSync(tsc, ['-p', project], { encoding: 'utf8' }); // throws with tsc's errors if the page does not type-check

  // A wrong use does not.
  fs.writeFileSync(path.join(project, 'page.ts'), `import 'checkout-widget';
document.createElement('checkout-widget').addEventListener('checkout:change', (e) => { const due: string = e.detail.amount_total; console.log(due); });\n`);
  const errors = (() => {
    try {
      execFileSync(tsc, ['-p', project], { encoding: 'utf8', stdio: 'pipe' });
      return '';
    } catch (e) {
      return String((e as { stdout?: string }).stdout);
    }
  })();
  expect(errors).toContain("Type 'number' is not assignable to type 'string'");
});

test('the installed copy, served to Chromium, renders the widget', async ({ page, engine }) => {
  const session = await engine.demoSession();
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script type="module" src="/shop/node_modules/checkout-widget/checkout-widget.js"></script></head>
<body><main><h1>Shop</h1><checkout-widget session="${session.id}"></checkout-widget></main></body></html>`;
  await page.route('**/shop/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/shop/') return route.fulfill({ contentType: 'text/html', body: html });
    const file = path.join(project, decodeURIComponent(url.pathname.slice('/shop/'.length)));
    if (!file.startsWith(installed) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: file, contentType: file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  await page.goto('/shop/');
  const widget = new CheckoutWidget(page, page.locator('checkout-widget'));
  await widget.ready();
  await expect(widget.items.first()).toContainText('Togethere Professional');
  await expect(widget.upsell()).toBeVisible();
});
