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

import { z } from 'zod';
import { expectedMessage } from '../errors/describe';
import { listOf, oneOf, strict, text, wholeNumber } from '../model/fields';
import { MAX_REPLICAS } from '../model/scaling';
import { fleetFilterSchema, serviceRef } from './fleetQuery';
import {
  BATCH_ACTION_KINDS,
  BatchAction,
  BatchActionKind,
  BatchOnForbidden,
  BatchRequest,
} from './batchTypes';
import {
  environmentSchema,
  idempotencyKeySchema,
  parseWith,
  ParseResult,
  problem,
  reasonSchema,
} from './requests';

/** A checked batch request, with `onForbidden` defaulted. @public */
export type ParsedBatchRequest = BatchRequest & {
  onForbidden: BatchOnForbidden;
};

/** Most services one batch may name by ref. @public */
export const MAX_BATCH_REFS = 2000;
/** Largest scale factor of a batch. @public */
export const MAX_SCALE_FACTOR = 100;

const factor = z
  .number({
    error: iss =>
      expectedMessage(
        `a number above 0 and at most ${MAX_SCALE_FACTOR}, such as 2 or 0.5`,
        iss.input,
      ),
  })
  .check(
    z.refine(v => Number.isFinite(v) && v > 0 && v <= MAX_SCALE_FACTOR, {
      error: iss =>
        expectedMessage(
          `a number above 0 and at most ${MAX_SCALE_FACTOR}, such as 2 or 0.5`,
          iss.input,
          iss.input === 0
            ? 'to scale to zero, disable the services'
            : undefined,
        ),
    }),
  );

const plain = (
  kind: Exclude<BatchActionKind, 'scale'>,
  hints: Record<string, string> = {},
) =>
  strict({ kind: z.literal(kind) }, `{kind: "${kind}"}`, { keyHints: hints });

/** The action of a batch, one schema per kind. @public */
export const batchActionSchemas = {
  scale: strict(
    {
      kind: z.literal('scale'),
      replicas: wholeNumber(0, MAX_REPLICAS).optional(),
      factor: factor.optional(),
    },
    '{kind: "scale", replicas: 3} or {kind: "scale", factor: 2}',
    { keyHints: { multiplier: 'write factor', times: 'write factor' } },
  ),
  disable: plain('disable'),
  enable: plain('enable'),
  restart: plain('restart'),
  redeploy: plain('redeploy', {
    version:
      'a redeploy keeps the running version; deploy each service to change it',
  }),
  rollback: plain('rollback', {
    toRevision:
      'a batch rolls each service back to its previous release; roll back one service to name a revision',
  }),
};

const selectSchema = strict(
  {
    refs: listOf(
      text(
        'a service such as component:default/payments, default/payments or payments',
        v => (serviceRef(v) ? undefined : 'name a catalog Component'),
      ),
      'a list of services',
      { max: MAX_BATCH_REFS },
    ).optional(),
    filter: fleetFilterSchema.optional(),
  },
  '{refs: ["component:default/payments"]} or {filter: {owner: "group:default/team-payments"}}',
  {
    keyHints: {
      services: 'write refs',
      entities: 'write refs',
      query: 'write filter',
    },
  },
);

const requestShape = strict(
  {
    environment: environmentSchema,
    // Checked on their own below, with their own paths.
    action: z.unknown().optional(),
    select: z.unknown().optional(),
    reason: reasonSchema.optional(),
    onForbidden: oneOf(['skip', 'refuse'] as const, {
      fail: 'write refuse',
      ignore: 'write skip',
    }).optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
  },
  '{environment: "production", action: {kind: "restart"}, select: {refs: ["component:default/payments"]}}',
  {
    keyHints: {
      services: 'write select: {refs: [...]}',
      refs: 'write select: {refs: [...]}',
      filter: 'write select: {filter: {...}}',
      kind: 'write action: {kind: ...}',
      cluster: 'the platform decides the clusters from the environment',
      clusters: 'the platform decides the clusters from the environment',
    },
  },
);

const actionKind = oneOf(BATCH_ACTION_KINDS, {
  deploy:
    'a batch cannot pick a version; write redeploy to deploy the running version again',
  stop: 'write disable',
  start: 'write enable',
  undo: 'write rollback',
});

function prefixed<T>(path: string, result: ParseResult<T>): ParseResult<T> {
  if (result.ok) return result;
  return {
    ok: false,
    problems: result.problems.map(p => {
      const full = p.path ? `${path}.${p.path}` : path;
      return problem(full, p.text);
    }),
  };
}

function parseAction(body: unknown): ParseResult<BatchAction> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      problems: [
        problem(
          'action',
          expectedMessage('an action such as {kind: "restart"}', body),
        ),
      ],
    };
  }
  const rawKind = (body as { kind?: unknown }).kind;
  const kind = actionKind.safeParse(rawKind);
  if (!kind.success) {
    return {
      ok: false,
      problems: [
        problem(
          'action.kind',
          rawKind === undefined
            ? expectedMessage(
                `one of ${BATCH_ACTION_KINDS.join(', ')}`,
                undefined,
              )
            : kind.error.issues[0]?.message ?? 'is not valid',
        ),
      ],
    };
  }
  const parsed = prefixed(
    'action',
    parseWith(
      batchActionSchemas[kind.data] as z.ZodType<Record<string, unknown>>,
      body,
    ),
  );
  if (!parsed.ok || kind.data !== 'scale')
    return parsed as ParseResult<BatchAction>;
  const { replicas, factor: f } = parsed.value as {
    replicas?: number;
    factor?: number;
  };
  if ((replicas === undefined) === (f === undefined)) {
    return {
      ok: false,
      problems: [
        problem(
          'action',
          replicas === undefined
            ? 'required: replicas (how many in the environment) or factor (× the current replicas)'
            : 'give replicas or factor, not both',
        ),
      ],
    };
  }
  return parsed as ParseResult<BatchAction>;
}

function parseSelect(body: unknown): ParseResult<BatchRequest['select']> {
  const parsed = prefixed('select', parseWith(selectSchema, body ?? undefined));
  if (!parsed.ok) return parsed;
  const { refs, filter } = parsed.value;
  if ((refs === undefined) === (filter === undefined)) {
    return {
      ok: false,
      problems: [
        problem(
          'select',
          refs === undefined
            ? 'required: refs (a list of services) or filter (a fleet filter)'
            : 'give refs or filter, not both',
        ),
      ],
    };
  }
  if (refs) {
    if (refs.length === 0) {
      return {
        ok: false,
        problems: [problem('select.refs', 'expected at least one service')],
      };
    }
    return {
      ok: true,
      value: { refs: [...new Set(refs.map(r => serviceRef(r)!))] },
    };
  }
  if (filter!.environment) {
    return {
      ok: false,
      problems: [
        problem(
          'select.filter.environment',
          "unknown field: the batch's environment is its top-level environment",
        ),
      ],
    };
  }
  return { ok: true, value: { filter: filter! } };
}

/**
 * Checks the body of `POST /batches` and `POST /batches/preview`; every problem carries
 * its field path (`action.factor: expected a number above 0 ...`).
 *
 * @public
 */
export function parseBatchRequest(
  body: unknown,
): ParseResult<ParsedBatchRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      problems: [
        problem(
          '',
          expectedMessage(
            'a JSON object such as {"environment": "production", "action": {"kind": "restart"}, "select": {"refs": ["component:default/payments"]}}',
            body,
          ),
        ),
      ],
    };
  }
  const top = parseWith(requestShape, body);
  const action = parseAction((body as { action?: unknown }).action);
  const select = parseSelect((body as { select?: unknown }).select);
  const problems = [
    ...(top.ok ? [] : top.problems),
    ...(action.ok ? [] : action.problems),
    ...(select.ok ? [] : select.problems),
  ];
  if (!top.ok || !action.ok || !select.ok) return { ok: false, problems };
  const { reason, idempotencyKey } = top.value;
  return {
    ok: true,
    value: {
      environment: top.value.environment,
      action: action.value,
      select: select.value,
      onForbidden: top.value.onForbidden ?? 'skip',
      ...(reason !== undefined && { reason }),
      ...(idempotencyKey !== undefined && { idempotencyKey }),
    },
  };
}
