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

import { answer, backendRoot, createDyplomaApi } from '../client';
import { writeConfig } from '../config';
import { EXIT, info, printJson, UsageError } from '../output';
import { Command } from './types';

async function guestToken(ctx: Parameters<Command['run']>[0], url: string) {
  const endpoint = `${backendRoot(url)}/api/auth/guest/refresh`;
  let response: Response;
  try {
    response = await ctx.fetch(endpoint, {
      method: 'POST',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
  } catch (error) {
    throw new Error(`cannot reach ${endpoint}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => undefined)) as
    | { backstageIdentity?: { token?: string } }
    | undefined;
  const token = body?.backstageIdentity?.token;
  if (!response.ok || !token) {
    throw new Error(
      `${endpoint} gave no guest token (${response.status}); is the guest provider enabled?`,
    );
  }
  return token;
}

/** `dyploma login`: checks the URL and token, then stores them. */
export const loginCommand: Command = {
  name: 'login',
  synopsis: 'login --url <backend> (--token T | --guest)',
  summary: `store the backend URL and a token in ~/.config/dyploma/config.json`,
  options: { guest: { type: 'boolean' } },
  positionals: [],
  async run(ctx, _positionals, values) {
    const url = ctx.url;
    if (!url) {
      throw new UsageError(
        'url: required: the backend, e.g. --url http://localhost:7007',
      );
    }
    const token = values.guest ? await guestToken(ctx, url) : ctx.token;
    if (!token) {
      throw new UsageError(
        'token: required: pass --token, set DYPLOMA_TOKEN, or --guest against the local demo',
      );
    }
    // Refuses a wrong URL or token before anything is stored (401 exits 3).
    await answer(createDyplomaApi(url, token, ctx.fetch).GET('/health'));
    const root = backendRoot(url);
    await writeConfig(ctx.configFile, { url: root, token });
    if (ctx.json) printJson(ctx, { url: root, configFile: ctx.configFile });
    else info(ctx, `logged in to ${root}; stored in ${ctx.configFile}`);
    return EXIT.ok;
  },
};
