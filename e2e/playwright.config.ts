import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// scripts/test picks a free port and a fresh database; these defaults let a developer
// run `npx playwright test` against a server they started themselves.
const port = Number(process.env.E2E_PORT ?? 18_180);
const database = process.env.E2E_DATABASE ?? path.join(os.tmpdir(), `checkout-e2e-${port}.sqlite3`);
// With E2E_DATABASE_URL (postgres://…) the server's store is PostgreSQL instead.
const databaseUrl = process.env.E2E_DATABASE_URL;
// A second run (on PostgreSQL) keeps its results and screenshots apart.
const output = process.env.E2E_OUTPUT ?? './test-results';
export const SECRET_KEY = process.env.E2E_SECRET_KEY ?? 'sk_test_e2e_local_only';

export default defineConfig({
  testDir: './specs',
  outputDir: output,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: path.join(output, 'results.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
  webServer: {
    command: path.resolve(__dirname, '../target/debug/checkout-server'),
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_PATH: database }),
      WIDGET_DIR: path.resolve(__dirname, '../dist'),
      DASHBOARD_DIR: path.resolve(__dirname, '../dashboard/dist'),
      CHECKOUT_SECRET_KEY: SECRET_KEY,
      SEED_DEMO: '1',
      // Every test browser shares 127.0.0.1, so one client's limit would be all tests';
      // the limit itself is tested in server/tests/security.rs.
      RATE_LIMIT_PER_SECOND: '500',
      RATE_LIMIT_BURST: '500',
    },
  },
});
