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

import { expect, test } from '@playwright/test';
import { screenshot, openAsGuest } from './helpers';

test('a service with a broken model shows what is wrong, field by field, on its page', async ({
  page,
}) => {
  // The catalog shows each processing error as a panel: summary and full text.
  await openAsGuest(page, '/catalog/default/component/fraud-scoring');

  await expect(
    page
      .getByText(
        'spec.dyploma.environments.production.replicas: expected a whole number from 0 to 500, got "r12345"',
      )
      .first(),
  ).toBeVisible();
  await expect(
    page
      .getByText(
        'spec.dyploma.resources.limits.memory: expected a memory size such as 512Mi or 2Gi, got "2GB": Kubernetes writes this as 2G or 2Gi',
      )
      .first(),
  ).toBeVisible();
  await screenshot(page, 'broken-service-model');
});
