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

import { answer, ServiceName } from '../client';
import { EXIT, printJson, UsageError } from '../output';
import { serviceArg } from './orders';
import { clientOf, Command, Context, text } from './types';

/** Picks a pod when none is named: a ready one of the environment (and cluster), by name. */
async function choosePod(
  ctx: Context,
  service: ServiceName,
  environment: string,
  cluster?: string,
): Promise<{ pod: string; cluster: string }> {
  const status = await answer(
    clientOf(ctx).GET('/services/{namespace}/{name}', {
      params: { path: service },
    }),
  );
  const pods = status.live
    .filter(
      l => l.environment === environment && (!cluster || l.cluster === cluster),
    )
    .flatMap(l => l.pods.map(p => ({ ...p, cluster: l.cluster })))
    .sort(
      (a, b) =>
        Number(b.ready) - Number(a.ready) ||
        a.cluster.localeCompare(b.cluster) ||
        a.name.localeCompare(b.name),
    );
  if (pods.length === 0) {
    throw new UsageError(
      `no pods of ${status.service.ref} in ${environment}${
        cluster ? ` on cluster ${cluster}` : ''
      } (is it deployed? see \`dyploma status ${status.service.name}\`)`,
    );
  }
  if (pods.length > 1) {
    ctx.err(
      `logs of pod ${pods[0].name} in ${pods[0].cluster} (one of ${pods.length}; --pod chooses)\n`,
    );
  }
  return { pod: pods[0].name, cluster: pods[0].cluster };
}

/** Writes what arrives, line by line in JSON mode. */
async function copy(
  ctx: Context,
  body: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
) {
  const decoder = new TextDecoder();
  let pending = '';
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = decoder.decode(value, { stream: true });
    if (!ctx.json) {
      ctx.out(chunk);
      continue;
    }
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  }
  const rest = pending + decoder.decode();
  if (ctx.json && rest) onLine(rest);
}

/**
 * `dyploma logs <service>`: a pod's log, `-f` to follow it. JSON mode prints one document
 * `{pod, cluster, lines}`; with `-f`, one JSON object per line (`{"line": ...}`), since a
 * followed log has no end.
 */
export const logsCommand: Command = {
  name: 'logs',
  synopsis:
    'logs <service> --environment E [--cluster C] [--pod P] [--container C] [-f | --previous] [--tail N]',
  summary: "a pod's log; -f follows it",
  options: {
    environment: { type: 'string', short: 'e' },
    cluster: { type: 'string' },
    pod: { type: 'string' },
    container: { type: 'string', short: 'c' },
    follow: { type: 'boolean', short: 'f' },
    previous: { type: 'boolean', short: 'p' },
    tail: { type: 'string' },
  },
  positionals: ['service'],
  async run(ctx, positionals, values) {
    const service = serviceArg(positionals);
    const environment = text(values, 'environment');
    if (!environment)
      throw new UsageError('environment: required, e.g. -e production');
    const tail = text(values, 'tail');
    if (tail !== undefined && !/^[1-9]\d{0,5}$/.test(tail)) {
      throw new UsageError(
        `tail: expected a whole number of lines from 1, got "${tail}"`,
      );
    }
    if (values.follow && values.previous) {
      throw new UsageError(
        'follow: a previous container has ended; give -f or --previous, not both',
      );
    }
    let cluster = text(values, 'cluster');
    let pod = text(values, 'pod');
    if (!pod)
      ({ pod, cluster } = await choosePod(ctx, service, environment, cluster));

    // Ctrl-C ends a followed log quietly: the backend closes its request to the cluster.
    const abort = new AbortController();
    let interrupted = false;
    const onSigint = () => {
      interrupted = true;
      abort.abort();
    };
    process.once('SIGINT', onSigint);
    const lines: string[] = [];
    try {
      // openapi-fetch hands over the body unread (parseAs: stream): a followed log is
      // written as it arrives.
      const body = await answer(
        clientOf(ctx).GET(
          '/services/{namespace}/{name}/environments/{environment}/logs',
          {
            params: {
              path: { ...service, environment },
              query: {
                pod,
                cluster,
                container: text(values, 'container'),
                follow: values.follow ? true : undefined,
                previous: values.previous ? true : undefined,
                tailLines: tail ? Number(tail) : undefined,
              },
            },
            parseAs: 'stream',
            headers: { accept: 'text/plain' },
            signal: abort.signal,
          },
        ),
      );
      await copy(ctx, body!, line => {
        if (values.follow) printJsonLine(ctx, { pod: pod!, cluster, line });
        else lines.push(line);
      });
    } catch (error) {
      if (!interrupted) throw error;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    if (ctx.json && !values.follow) printJson(ctx, { pod, cluster, lines });
    return interrupted ? EXIT.interrupted : EXIT.ok;
  },
};

function printJsonLine(ctx: Context, value: unknown) {
  ctx.out(`${JSON.stringify(value)}\n`);
}
