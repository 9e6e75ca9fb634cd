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

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

/* Runs the machine's real git on temporary directories. */
describe('dyploma:publish:local', () => {
  const dir = createMockDirectory();
  let root: string;
  let workspace: string;

  beforeEach(() => {
    dir.setContent({
      git: {},
      workspace: {
        'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: hello-api\n',
        'src/index.js': 'console.log("hello")\n',
      },
    });
    root = dir.resolve('git');
    workspace = dir.resolve('workspace');
  });

  const action = (
    data: NonNullable<Parameters<typeof mockServices.rootConfig>[0]>['data'] = {
      scaffolder: { dyploma: { localGit: { directory: dir.resolve('git') } } },
    },
  ) => createPublishLocalAction({ config: mockServices.rootConfig({ data }) });

  const context = (input: Record<string, unknown> = { name: 'hello-api' }) =>
    createMockActionContext({ input: input as any, workspacePath: workspace });

  it('publishes the workspace to a bare repository and checks it out for the catalog', async () => {
    const ctx = context();
    await action().handler(ctx);

    const bare = join(root, 'hello-api.git');
    const files = execFileSync(
      'git',
      ['--git-dir', bare, 'ls-tree', '-r', '--name-only', 'main'],
      {
        encoding: 'utf8',
      },
    );
    expect(files.trim().split('\n')).toEqual([
      'catalog-info.yaml',
      'src/index.js',
    ]);
    const catalogInfoFile = join(
      root,
      'checkouts',
      'hello-api',
      'catalog-info.yaml',
    );
    expect(readFileSync(catalogInfoFile, 'utf8')).toContain('name: hello-api');
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${bare}`);
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoFile', catalogInfoFile);
    expect(ctx.output).toHaveBeenCalledWith(
      'commitHash',
      expect.stringMatching(/^[0-9a-f]{40}$/),
    );
  });

  it('refuses a name whose repository exists, and leaves it alone', async () => {
    await action().handler(context());
    const before = execFileSync(
      'git',
      ['--git-dir', join(root, 'hello-api.git'), 'rev-parse', 'main'],
      {
        encoding: 'utf8',
      },
    );
    await expect(action().handler(context())).rejects.toThrow(
      /hello-api\.git exists already: another service has this name; pick another name/,
    );
    const after = execFileSync(
      'git',
      ['--git-dir', join(root, 'hello-api.git'), 'rev-parse', 'main'],
      {
        encoding: 'utf8',
      },
    );
    expect(after).toBe(before);
  });

  it('a resumed task does not publish again: the checkpoint keeps the commit', async () => {
    const checkpoints = new Map<string, unknown>();
    const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key) as any;
    };
    const first = context();
    await action().handler({ ...first, checkpoint } as typeof first);
    const second = context();
    await action().handler({ ...second, checkpoint } as typeof second);
    const hash = (first.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'commitHash',
    )[1];
    expect(second.output).toHaveBeenCalledWith('commitHash', hash);
  });

  it('says which setting is missing', async () => {
    await expect(action({}).handler(context())).rejects.toThrow(
      'dyploma:publish:local needs a directory for the repositories: set scaffolder.dyploma.localGit.directory in app-config',
    );
    expect(existsSync(join(workspace, '.git'))).toBe(false);
  });

  it('has examples', () => {
    for (const e of examples)
      expect(e.example).toContain('action: dyploma:publish:local');
  });
});
