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
      'Validates the minimal model of a new service, its name and its owner',
    example: `steps:
  - id: validate
    name: Validate the service
    action: dyploma:service:validate
    input:
      name: \${{ parameters.name }}
      owner: \${{ parameters.owner }}
      model:
        image: registry.example.com/\${{ parameters.name }}
`,
  },
  {
    description:
      'Validates a model with the advanced options of the form; fields left empty are dropped',
    example: `steps:
  - id: validate
    name: Validate the service
    action: dyploma:service:validate
    input:
      name: \${{ parameters.name }}
      owner: \${{ parameters.owner }}
      model:
        image: registry.example.com/\${{ parameters.name }}
        ports:
          - port: \${{ parameters.port }}
            protocol: http
        replicas: \${{ parameters.replicas }}
        resources:
          requests:
            cpu: \${{ parameters.cpu }}
            memory: \${{ parameters.memory }}
`,
  },
  {
    description: 'Validates only the model, without asking the catalog',
    example: `steps:
  - id: validate
    name: Validate the model
    action: dyploma:service:validate
    input:
      name: billing-worker
      checkCatalog: false
      model:
        image: registry.example.com/billing-worker
        ports: []
`,
  },
];
