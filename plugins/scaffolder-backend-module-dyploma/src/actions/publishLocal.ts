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

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { resolve as resolvePath, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import { examples } from './publishLocal.examples';

const run = promisify(execFile);

/** Where the local repositories live: `scaffolder.dyploma.localGit.directory`. */
export const LOCAL_GIT_CONFIG_KEY = 'scaffolder.dyploma.localGit.directory';

const REPO_NAME = /^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/;

async function git(args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
  try {
    const { stdout } = await run('git', args, {
      cwd,
      env: { ...process.env, ...env },
    });
    return stdout.trim();
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(
      `git ${args[0]} failed: ${(err.stderr || err.message).trim()}`,
    );
  }
}

/**
 * `dyploma:publish:local`: publishes the workspace to a bare Git repository in a directory
 * of this machine, for demos and air-gapped setups with no Git host (real templates keep
 * `publish:github`). It also keeps a checkout beside it (`checkouts/<name>`), which the
 * catalog reads through a `file` location: the catalog cannot register `file:` URLs.
 *
 * Uses the `git` command of the machine.
 *
 * @public
 */
export function createPublishLocalAction(options: {
  config: RootConfigService;
}) {
  const configured = options.config.getOptionalString(LOCAL_GIT_CONFIG_KEY);
  return createTemplateAction({
    id: 'dyploma:publish:local',
    description:
      'Publishes the workspace to a new bare Git repository under scaffolder.dyploma.localGit.directory, with a checkout the catalog reads',
    examples,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(REPO_NAME)
            .describe(
              'Repository name: <directory>/<name>.git; refused when it exists',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Part of the workspace to publish (default: all of it)'),
        defaultBranch: z =>
          z.string().optional().describe('Branch name (default main)'),
        gitCommitMessage: z =>
          z
            .string()
            .optional()
            .describe('First commit message (default "Initial commit")'),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the catalog descriptor in the repository (default /catalog-info.yaml)',
            ),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('file:// URL of the bare repository'),
        repoContentsUrl: z =>
          z.string().describe('file:// URL of the checkout the catalog reads'),
        commitHash: z => z.string().describe('The first commit'),
        catalogInfoFile: z =>
          z
            .string()
            .describe(
              'Absolute path of catalog-info.yaml in the checkout, for dyploma:catalog:register-local',
            ),
      },
    },
    async handler(ctx) {
      if (!configured) {
        throw new Error(
          `dyploma:publish:local needs a directory for the repositories: set ${LOCAL_GIT_CONFIG_KEY} in app-config`,
        );
      }
      const root = resolvePath(configured);
      const { name } = ctx.input;
      const branch = ctx.input.defaultBranch ?? 'main';
      const bare = join(root, `${name}.git`);
      const checkout = join(root, 'checkouts', name);
      const catalogInfoPath = (
        ctx.input.catalogInfoPath ?? '/catalog-info.yaml'
      ).replace(/^\/+/, '');
      const source = getRepoSourceDirectory(
        ctx.workspacePath,
        ctx.input.sourcePath,
      );

      const published = await ctx.checkpoint({
        key: `dyploma.publish.local.v1.${name}`,
        fn: async () => {
          if (existsSync(bare) || existsSync(checkout)) {
            throw new Error(
              `${bare} exists already: another service has this name; pick another name, or remove the repository and its checkout (${checkout}) if it is left over`,
            );
          }
          await mkdir(join(root, 'checkouts'), { recursive: true });
          const user = ctx.user?.entity;
          const author = {
            GIT_AUTHOR_NAME:
              user?.spec?.profile?.displayName ??
              user?.metadata.name ??
              'Dyploma scaffolder',
            GIT_AUTHOR_EMAIL:
              user?.spec?.profile?.email ?? 'scaffolder@dyploma.local',
            GIT_COMMITTER_NAME: 'Dyploma scaffolder',
            GIT_COMMITTER_EMAIL: 'scaffolder@dyploma.local',
          };
          try {
            await git(
              ['init', '--bare', '--initial-branch', branch, bare],
              root,
            );
            await git(['init', '--initial-branch', branch], source);
            await git(['add', '--all'], source);
            await git(
              [
                'commit',
                '--no-gpg-sign',
                '-m',
                ctx.input.gitCommitMessage ?? 'Initial commit',
              ],
              source,
              author,
            );
            await git(['push', bare, `HEAD:refs/heads/${branch}`], source);
            await git(['clone', '--branch', branch, bare, checkout], root);
          } catch (e) {
            // Leave nothing half-made: a retry must not find "exists already".
            await rm(bare, { recursive: true, force: true });
            await rm(checkout, { recursive: true, force: true });
            throw e;
          }
          return { commitHash: await git(['rev-parse', 'HEAD'], checkout) };
        },
      });

      const catalogInfoFile = join(checkout, catalogInfoPath);
      ctx.logger.info(
        `published ${published.commitHash.slice(
          0,
          12,
        )} to ${bare}; the catalog reads ${catalogInfoFile}`,
      );
      ctx.output('remoteUrl', pathToFileURL(bare).toString());
      ctx.output('repoContentsUrl', pathToFileURL(checkout).toString());
      ctx.output('commitHash', published.commitHash);
      ctx.output('catalogInfoFile', catalogInfoFile);
    },
  });
}
