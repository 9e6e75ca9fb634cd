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

const USAGE = `Usage: dyploma <command> [options]

The command line of Dyploma, a thin client of the Dyploma backend's REST API.
Its commands (services, status, deploy, scale, disable, enable, restart, rollback,
history, logs, batch, cost) arrive with the fleet work.

Options:
  -h, --help   show this help
`;

/** Runs the CLI with its arguments and returns the process exit code. */
export async function run(
  args: string[],
  out: (text: string) => void = text => process.stdout.write(text),
): Promise<number> {
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help') {
    out(USAGE);
    return 0;
  }
  out(`dyploma: unknown command "${args[0]}"\n\n${USAGE}`);
  return 2;
}
