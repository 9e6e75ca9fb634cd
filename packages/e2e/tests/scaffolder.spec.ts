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

import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openAsGuest, screenshot } from './helpers';

// From "Create" to pods running in dev on the real demo: the scaffolder backend runs the
// template's steps (validate, write, publish to a local bare Git repository, register in the
// catalog, deploy), the backend's worker applies to kube-sim and the service's tabs show it.
// Each run creates a service of its own name, so runs repeat on the same machine.
const RUN = Date.now().toString(36);
const NAME = `e2e-hello-${RUN}`;
const GIT = resolve(__dirname, '../../../.data/git');

test.afterAll(() => {
  // The demo's catalog reads every checkout under .data/git: leave the developer's demo as
  // it was. (The catalog database is a throw-away one in CI.)
  rmSync(join(GIT, `${NAME}.git`), { recursive: true, force: true });
  rmSync(join(GIT, 'checkouts', NAME), { recursive: true, force: true });
});

async function chooseTemplate(page: Page, title: string) {
  await openAsGuest(page, '/create');
  const card = page
    .getByText(title, { exact: true })
    .locator('xpath=ancestor::*[contains(@class, "MuiCard-root")][1]');
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByRole('textbox', { name: /^Name/ })).toBeVisible();
}

/** The scaffolder task as the backend has it: status and log, to say why a run failed. */
async function taskState(request: APIRequestContext, taskId: string) {
  const auth = await request.post(
    'http://localhost:7007/api/auth/guest/refresh',
  );
  const { backstageIdentity } = await auth.json();
  const headers = { authorization: `Bearer ${backstageIdentity.token}` };
  const base = `http://localhost:7007/api/scaffolder/v2/tasks/${taskId}`;
  const task = await (await request.get(base, { headers })).json();
  const events: Array<{ body: { message?: string; stepId?: string } }> = await (
    await request.get(`${base}/events`, { headers })
  ).json();
  const log = events
    .map(e => `${e.body.stepId ?? ''} ${e.body.message ?? ''}`)
    .join('\n');
  return { status: task.status as string, log };
}

/** Picks a group in the owner picker, which lists the catalog's groups by display name. */
async function pickOwner(page: Page, displayName: string) {
  const owner = page.getByRole('textbox', { name: /^Owner/ });
  await owner.click();
  await owner.fill(displayName);
  await page
    .getByRole('option', { name: new RegExp(displayName) })
    .first()
    .click();
}

/** The first page of the form, filled in: name, description, owner. */
async function fillService(page: Page, name: string) {
  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill('Says hello, made by the browser test');
  await pickOwner(page, 'Payments');
}

test('create a Node.js HTTP service and see it run in dev', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  await chooseTemplate(page, 'Node.js HTTP service');
  await fillService(page, NAME);
  await screenshot(page, 'scaffolder-1-form');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByLabel('Show advanced options')).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(NAME).first()).toBeVisible();
  await expect(page.getByText('group:default/team-payments')).toBeVisible();
  await screenshot(page, 'scaffolder-2-review');
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: each step, then the deploy's progress per cluster in the log.
  await page.waitForURL(/\/create\/tasks\//);
  const taskId = page.url().split('/tasks/')[1];
  await expect(page.getByText('Deploy to dev').first()).toBeVisible();
  await page.getByRole('button', { name: 'Show Logs' }).click();
  let state = { status: 'unknown', log: '' };
  await expect
    .poll(async () => (state = await taskState(request, taskId)).status, {
      timeout: 240_000,
      intervals: [2_000],
    })
    .toMatch(/^(completed|failed|cancelled)$/);
  expect(state.status, `the task's log:\n${state.log}`).toBe('completed');
  await expect(
    page.getByText(/dc1: succeeded, 1\/1 updated, 1\/1 ready/).first(),
  ).toBeVisible();
  await expect(
    page.getByText(`component:default/${NAME} 0.1.0 runs in dev`).first(),
  ).toBeVisible();
  await screenshot(page, 'scaffolder-3-task-log');

  await page.getByRole('link', { name: 'Open the service' }).click();
  await expect(
    page.getByText('Says hello, made by the browser test').first(),
  ).toBeVisible();

  // The Deploy tab: the dev release the template's last step ordered.
  await openAsGuest(page, `/catalog/default/component/${NAME}/deploy`);
  const dev = page.getByRole('region', { name: 'dev environment' });
  await expect(dev.getByText('0.1.0', { exact: false }).first()).toBeVisible();
  await expect(dev.getByText('Never deployed to dev.')).toHaveCount(0);
  await screenshot(page, 'scaffolder-4-deploy-tab');

  // The Runtime tab: its pod, running in kube-sim's dc1.
  await openAsGuest(page, `/catalog/default/component/${NAME}/runtime`);
  const pod = page
    .getByRole('row')
    .filter({ hasText: new RegExp(`${NAME}-[a-z0-9]+-[a-z0-9]+`) });
  await expect(pod.first()).toBeVisible({ timeout: 60_000 });
  await expect(pod.first()).toContainText('Running');
  await screenshot(page, 'scaffolder-5-runtime-pods');
});

test('a taken name, an unknown owner, port 70000 and replicas "two": stopped in the form with the message', async ({
  page,
}) => {
  // A link that fills the form (?formData=), with a name the demo catalog has (payments)
  // and an owner it does not: both refused on Next, with the first step's words.
  const formData = { name: 'payments', owner: 'group:default/team-nobody' };
  await openAsGuest(
    page,
    `/create/templates/default/nodejs-http-service?formData=${encodeURIComponent(
      JSON.stringify(formData),
    )}`,
  );
  await expect(page.getByRole('textbox', { name: /^Name/ })).toHaveValue(
    'payments',
  );
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page
      .getByText(
        'name: the catalog already has component:default/payments: pick another name',
        { exact: false },
      )
      .first(),
  ).toBeVisible();
  await expect(
    page
      .getByText(
        'owner: no group group:default/team-nobody in the catalog: pick an owner from the list',
        { exact: false },
      )
      .first(),
  ).toBeVisible();
  await screenshot(page, 'scaffolder-invalid-1-name-taken-owner-unknown');

  await page.getByRole('textbox', { name: /^Name/ }).fill(`e2e-invalid-${RUN}`);
  await pickOwner(page, 'Payments');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Show advanced options').check();
  await page.getByRole('textbox', { name: /^Port/ }).fill('70000');
  await page.getByRole('textbox', { name: /^Replicas/ }).fill('two');
  await page.getByRole('button', { name: 'Review' }).click();

  // The messages are the backend's (the zod schema of dyploma-common), under each field.
  await expect(
    page
      .getByText(
        'ports[0].port: expected a port number from 1 to 65535, got 70000',
      )
      .first(),
  ).toBeVisible();
  await expect(
    page
      .getByText('replicas: expected a whole number from 0 to 500, got "two"')
      .first(),
  ).toBeVisible();
  // Still on the form: no review, nothing created.
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await screenshot(page, 'scaffolder-invalid-2-port-replicas');

  // Fixed, the form goes on to the review.
  await page.getByRole('textbox', { name: /^Port/ }).fill('8080');
  await page.getByRole('textbox', { name: /^Replicas/ }).fill('2');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('button', { name: 'Create' })).toBeVisible();
});
