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

/** A catalog user the demo's sign-in page offers. */
export interface DemoUser {
  /** The User entity's name in the catalog, e.g. `carol`. */
  name: string;
  /** Who they are, shown under the name, e.g. `Carol Mizrahi, team-checkout`. */
  description?: string;
}

type Issue = { message: string; path?: (string | number)[] };

function check(value: unknown): { value: DemoUser[] } | { issues: Issue[] } {
  if (value === undefined) return { value: [] };
  if (!Array.isArray(value)) {
    return { issues: [{ message: 'expected a list of {name, description}' }] };
  }
  const issues: Issue[] = [];
  value.forEach((user, i) => {
    if (typeof user?.name !== 'string' || !user.name) {
      issues.push({ message: 'expected a user name', path: [i, 'name'] });
    }
    if (
      user?.description !== undefined &&
      typeof user.description !== 'string'
    ) {
      issues.push({ message: 'expected text', path: [i, 'description'] });
    }
  });
  return issues.length ? { issues } : { value: value as DemoUser[] };
}

const jsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      description: { type: 'string' },
    },
    required: ['name'],
    additionalProperties: false,
  },
};

/**
 * The `demoUsers` config of the sign-in page, as a Standard Schema with its JSON Schema
 * (what the frontend system's `configSchema` takes). Written out by hand because the app
 * package does not depend on a schema library; it is one small list.
 */
export const demoUsersSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'dyploma',
    validate: check,
    jsonSchema: {
      input: () => jsonSchema,
      output: () => jsonSchema,
    },
    types: undefined as unknown as {
      input: DemoUser[] | undefined;
      output: DemoUser[];
    },
  },
};
