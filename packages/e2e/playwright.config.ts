/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const results = join(root, 'test-results', 'e2e');

// The browser tests start the demo exactly as a newcomer does (scripts/demo), but on a
// fresh, throw-away SQLite directory so a developer's demo data neither leaks into the
// tests nor is destroyed by them. APP_CONFIG_* variables override app-config keys.
const dataDir =
  process.env.DYPLOMA_E2E_DATA_DIR ??
  mkdtempSync(join(tmpdir(), 'dyploma-e2e-'));

export default defineConfig({
  testDir: 'tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: join(results, 'results.json') }]],
  outputDir: join(results, 'artifacts'),
  webServer: {
    command: `${join(root, 'scripts', 'demo')}`,
    url: 'http://localhost:3000',
    // Locally an already running demo is reused; CI always starts its own.
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      APP_CONFIG_backend_database_connection_directory: dataDir,
    },
  },
  use: {
    baseURL: 'http://localhost:3000',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.DYPLOMA_CHROMIUM ?? '/usr/bin/chromium',
      // Flags for a sandboxed machine without network access beyond the registries.
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
