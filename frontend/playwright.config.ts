import { defineConfig } from '@playwright/test';

// Browser tests against the running standalone app (started by e2e/run.sh, which sets PARLEY_URL),
// in the machine's Chromium: Playwright never downloads a browser here.
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/playwright',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.PARLEY_URL ?? 'http://localhost:8080',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
