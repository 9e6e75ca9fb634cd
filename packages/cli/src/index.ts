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

import { parseArgs } from 'node:util';
import { backendRoot } from './client';
import { batchCommand } from './commands/batch';
import { costCommand } from './commands/cost';
import { historyCommand } from './commands/history';
import { loginCommand } from './commands/login';
import { logsCommand } from './commands/logs';
import { orderCommands } from './commands/orders';
import { servicesCommand } from './commands/services';
import { statusCommand } from './commands/status';
import { Command, Context, Values } from './commands/types';
import { configPath, readConfig } from './config';
import { EXIT, Output, reportError, UsageError } from './output';

export { EXIT } from './output';

const COMMANDS: Command[] = [
  loginCommand,
  servicesCommand,
  statusCommand,
  ...orderCommands,
  historyCommand,
  logsCommand,
  batchCommand,
  costCommand,
];

const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `Usage: dyploma <command> [options]

The command line of Dyploma, a thin client of the Dyploma backend's REST API
(/api/dyploma).

Commands:
${COMMANDS.map(c => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

Options, for every command:
  --url URL        the Backstage backend (or DYPLOMA_URL), e.g. http://localhost:7007
  --token T        a Backstage token (or DYPLOMA_TOKEN)
  -o, --output F   text (default) or json
  -h, --help       show help

A service is payments, default/payments or component:default/payments.
Without --url/--token, DYPLOMA_URL/DYPLOMA_TOKEN and then the config stored by
\`dyploma login\` are used.

Exit codes: 0 ok, 1 an order or batch failed, a server error or no connection,
2 a usage error (bad flags, a 400), 3 not allowed (401/403), 4 conflict (409),
5 not found (404), 130 interrupted (Ctrl-C while following).
`;

function commandUsage(command: Command): string {
  return `Usage: dyploma ${command.synopsis} [--output json] [--url URL] [--token T]\n\n${command.summary}\n`;
}

/** How `run` reaches the world; tests replace parts of it. */
export type RunOptions = {
  err?: (text: string) => void;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
};

function closest(name: string): string | undefined {
  return COMMANDS.map(c => c.name).find(
    c =>
      c.length === name.length &&
      [...c].sort().join('') === [...name].sort().join(''),
  );
}

/** Runs the CLI with its arguments and returns the process exit code. */
export async function run(
  args: string[],
  out: (text: string) => void = text => process.stdout.write(text),
  options: RunOptions = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const output: Output = {
    json: false,
    isTTY: options.isTTY ?? Boolean(process.stdout.isTTY),
    out,
    err: options.err ?? (text => process.stderr.write(text)),
  };
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help') {
    out(USAGE);
    return EXIT.ok;
  }
  const [name, ...rest] = args;
  const command = COMMANDS.find(c => c.name === name);
  if (!command) {
    const guess = closest(name);
    output.err(
      `dyploma: unknown command "${name}"${
        guess ? `; did you mean "${guess}"?` : ''
      }\n\n${USAGE}`,
    );
    return EXIT.usage;
  }
  // Choose the output mode before anything can fail, so errors come out as JSON too.
  const outputIndex = rest.findIndex(a => a === '--output' || a === '-o');
  const outputFlag =
    rest.find(a => a.startsWith('--output='))?.slice('--output='.length) ??
    (outputIndex >= 0 ? rest[outputIndex + 1] : undefined);
  output.json = outputFlag === 'json';
  try {
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      }) as { values: Values; positionals: string[] };
    } catch (error) {
      throw new UsageError(
        `${(error as Error).message}\n\n${commandUsage(command)}`,
      );
    }
    const { values, positionals } = parsed;
    if (values.help) {
      out(commandUsage(command));
      return EXIT.ok;
    }
    const format = values.output ?? 'text';
    if (format !== 'text' && format !== 'json') {
      throw new UsageError(
        `output: expected text or json, got "${String(format)}"`,
      );
    }
    if (!command.variadic && positionals.length > command.positionals.length) {
      throw new UsageError(
        `unexpected argument "${
          positionals[command.positionals.length]
        }"\n\n${commandUsage(command)}`,
      );
    }
    const configFile = configPath(env);
    const stored = await readConfig(configFile);
    const url =
      (values.url as string | undefined) ?? (env.DYPLOMA_URL || stored.url);
    // The stored token goes only to the backend it was stored for.
    const storedToken =
      url && stored.url && backendRoot(url) === backendRoot(stored.url)
        ? stored.token
        : undefined;
    const ctx: Context = {
      ...output,
      env,
      fetch: options.fetch ?? globalThis.fetch,
      sleep:
        options.sleep ??
        (ms => new Promise(resolve => setTimeout(resolve, ms))),
      pollMs: options.pollMs ?? 1000,
      configFile,
      url,
      token:
        (values.token as string | undefined) ??
        (env.DYPLOMA_TOKEN || storedToken),
    };
    return await command.run(ctx, positionals, values);
  } catch (error) {
    return reportError(output, error);
  }
}
