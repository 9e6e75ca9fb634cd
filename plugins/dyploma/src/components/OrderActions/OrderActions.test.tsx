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

import { screen, waitFor } from '@testing-library/react';
import {
  environment,
  mockDyplomaApi,
  release,
  renderView,
} from '../../__testUtils__';
import { EnvironmentCard } from '../EnvironmentCard';
import { autoscalingOf } from './disabledReasons';

const service = { namespace: 'default', name: 'payments' };

/** The production environment whose current release autoscales between 2 and 6. */
const autoscaled = environment({
  release: release({
    spec: {
      version: '1.4.1',
      replicas: 3,
      placement: { dc1: 1, dc2: 1, dc3: 1 },
      enabled: true,
      model: { autoscaling: { min: 2, max: 6, cpu: 70 } },
    },
  }),
});

describe('OrderActions', () => {
  it('disables Scale where an HPA owns the replicas, saying its bounds', async () => {
    await renderView(
      <EnvironmentCard
        service={service}
        entityRef="component:default/payments-hpa"
        environment={autoscaled}
        onChanged={jest.fn()}
      />,
      { api: mockDyplomaApi() },
    );
    const scale = screen.getByRole('button', { name: 'Scale' });
    await waitFor(() =>
      expect(scale).toHaveAccessibleDescription(/^Autoscaled/),
    );
    expect(scale).toBeDisabled();
    expect(scale).toHaveAccessibleDescription(
      "Autoscaled by HPA: 2..6 replicas per cluster. Change autoscaling in the service's catalog-info.yaml (spec.dyploma) to scale it.",
    );
    // Everything else stays possible.
    expect(screen.getByRole('button', { name: 'Deploy' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Restart' })).toBeEnabled();
  });

  it('leaves Scale enabled where nothing autoscales', async () => {
    await renderView(
      <EnvironmentCard
        service={service}
        entityRef="component:default/payments-fixed"
        environment={environment()}
        onChanged={jest.fn()}
      />,
      { api: mockDyplomaApi() },
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Scale' })).toBeEnabled(),
    );
  });

  it('reads the bounds from the current release only', () => {
    expect(autoscalingOf(autoscaled)).toEqual({ min: 2, max: 6 });
    expect(autoscalingOf(environment())).toBeUndefined();
    expect(autoscalingOf(environment({ release: undefined }))).toBeUndefined();
  });
});
