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

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What `dyploma login` stores. */
export type StoredConfig = { url?: string; token?: string };

/** `~/.config/dyploma/config.json`, or under `$XDG_CONFIG_HOME`. */
export function configPath(env: Record<string, string | undefined>): string {
  const base =
    env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'dyploma', 'config.json');
}

export async function readConfig(file: string): Promise<StoredConfig> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Writes the config readable by its owner only: it holds a token. */
export async function writeConfig(file: string, config: StoredConfig) {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, `${JSON.stringify(config, null, 2)}\n`, {
    mode: 0o600,
  });
  await fs.chmod(file, 0o600);
}
