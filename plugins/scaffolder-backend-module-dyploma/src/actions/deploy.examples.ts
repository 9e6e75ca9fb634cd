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

import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Deploys the component registered by the step before to the dev environment',
    example: `steps:
  - id: deploy
    name: Deploy to dev
    action: dyploma:deploy
    input:
      entityRef: \${{ steps['register'].output.entityRef }}
      environment: dev
      version: 0.1.0
`,
  },
  {
    description:
      'Deploys two replicas with a reason, failing the step after five minutes',
    example: `steps:
  - id: deploy
    name: Deploy to dev
    action: dyploma:deploy
    input:
      entityRef: component:default/payments
      environment: dev
      version: 1.4.2
      replicas: 2
      reason: first deploy of the payments service
      timeoutSeconds: 300
`,
  },
];
