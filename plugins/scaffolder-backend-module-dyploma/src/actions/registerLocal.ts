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

import { createHash } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import type {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { BackendResponseError, callPlugin } from './backendClient';
import { byNamePath, parseRef, stringifyRef } from './entityRef';
import { examples } from './registerLocal.examples';

type LocationEntity = {
  metadata: { name: string; namespace?: string };
  spec?: { type?: string; target?: string; targets?: string[] };
};

/** Does a file location's target (a path, perhaps a glob) cover this file? */
export function globCovers(target: string, file: string): boolean {
  let pattern = '';
  for (let i = 0; i < target.length; i++) {
    const c = target[i];
    if (c === '*' && target[i + 1] === '*') {
      pattern += '.*';
      i += target[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') {
      pattern += '[^/]*';
    } else if (c === '?') {
      pattern += '[^/]';
    } else {
      pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${pattern}$`).test(file);
}

/**
 * The Location entities app-config's `catalog.locations` of type `file` become, named as the
 * catalog's config provider names them (`generated-<sha1 of "file:<absolute target>">`,
 * `locationSpecToMetadataName` of catalog-node; targets resolved against the backend's
 * working directory). The catalog's API lists such a location only once it has been read
 * without error, and a glob that matches no file yet is an error: so the first service
 * published to an empty directory would never find it there.
 */
export function configFileLocations(
  config: Pick<RootConfigService, 'getOptionalConfigArray'> | undefined,
): LocationEntity[] {
  return (config?.getOptionalConfigArray('catalog.locations') ?? [])
    .filter(l => l.getOptionalString('type') === 'file')
    .map(l => {
      const target = resolvePath(l.getString('target'));
      const hash = createHash('sha1').update(`file:${target}`).digest('hex');
      return {
        metadata: { name: `generated-${hash}`, namespace: 'default' },
        spec: { type: 'file', target },
      };
    });
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * `dyploma:catalog:register-local`: makes the catalog read a catalog-info.yaml published by
 * `dyploma:publish:local`, without a Git host. The catalog registers only `url` locations
 * through its API and has no reader for `file:` URLs, so `catalog:register` cannot take a
 * local repository; instead app-config lists a `file` location covering the checkouts
 * (`<directory>/checkouts/*\/catalog-info.yaml`). This action asks the catalog to refresh that
 * location now and waits until the new component is there.
 *
 * @public
 */
export function createRegisterLocalAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  /** For the file locations of app-config's `catalog.locations`. */
  config?: Pick<RootConfigService, 'getOptionalConfigArray'>;
  pollIntervalMs?: number;
}) {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  return createTemplateAction({
    id: 'dyploma:catalog:register-local',
    description:
      "Has the catalog pick up a catalog-info.yaml published by dyploma:publish:local now, through app-config's file location covering the checkouts, and waits for the entity",
    examples,
    schema: {
      input: {
        catalogInfoFile: z =>
          z
            .string()
            .min(1)
            .describe(
              'Absolute path of the catalog-info.yaml (dyploma:publish:local, output catalogInfoFile)',
            ),
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe('The entity the file describes: component:default/name'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe('How long to wait for the entity (default 120)'),
      },
      output: {
        entityRef: z => z.string().describe('The registered entity'),
        locationRef: z =>
          z.string().describe('The catalog location that reads the file'),
      },
    },
    async handler(ctx) {
      const { catalogInfoFile } = ctx.input;
      const ref = parseRef(ctx.input.entityRef, { kind: 'component' });
      const entityRef = stringifyRef(ref);
      const credentials = await ctx.getInitiatorCredentials();
      const { body: locations } = await callPlugin<LocationEntity[]>(options, {
        pluginId: 'catalog',
        path: `/entities?filter=${encodeURIComponent(
          'kind=location,spec.type=file',
        )}`,
        credentials,
      });
      const location = [
        ...locations,
        ...configFileLocations(options.config),
      ].find(l =>
        [l.spec?.target, ...(l.spec?.targets ?? [])].some(
          t => t && globCovers(t, catalogInfoFile),
        ),
      );
      if (!location) {
        throw new Error(
          `no catalog location reads ${catalogInfoFile}: add a file location covering the checkouts to app-config, e.g. catalog.locations: [{type: file, target: ${catalogInfoFile.replace(
            /[^/]+\/catalog-info\.yaml$/,
            '*/catalog-info.yaml',
          )}}]`,
        );
      }
      const locationRef = `location:${
        location.metadata.namespace ?? 'default'
      }/${location.metadata.name}`;
      ctx.output('locationRef', locationRef);
      await callPlugin(options, {
        pluginId: 'catalog',
        path: '/refresh',
        method: 'POST',
        body: { entityRef: locationRef },
        credentials,
      });
      ctx.logger.info(
        `asked the catalog to read ${locationRef} again, which covers ${catalogInfoFile}`,
      );

      const deadline = Date.now() + (ctx.input.timeoutSeconds ?? 120) * 1000;
      for (;;) {
        try {
          await callPlugin(options, {
            pluginId: 'catalog',
            path: byNamePath(ref),
            credentials,
          });
          break;
        } catch (e) {
          if (!(e instanceof BackendResponseError) || e.status !== 404) throw e;
          if (Date.now() >= deadline) {
            throw new Error(
              `${entityRef} did not appear in the catalog in time; ${catalogInfoFile} is read by ${locationRef}: look at that location's errors in the catalog`,
            );
          }
          await sleep(pollIntervalMs);
        }
      }
      ctx.logger.info(`${entityRef} is in the catalog`);
      ctx.output('entityRef', entityRef);
    },
  });
}
