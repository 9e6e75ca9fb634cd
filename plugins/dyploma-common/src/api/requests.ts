import { z } from 'zod';
import { expectedMessage, describeValue } from '../errors/describe';
import { formatIssues } from '../errors/formatIssues';
import { ModelProblem, toProblem } from '../errors/ModelProblem';
import { KeyHints } from '../errors/unknownKeys';
import { oneOf, strict, text, wholeNumber } from '../model/fields';
import { checkDnsLabel } from '../model/names';
import { MAX_REPLICAS } from '../model/scaling';
import { checkReleaseVersion } from '../render/version';

/**
 * What an order asks for.
 *
 * @public
 */
export const ORDER_KINDS = [
  'deploy',
  'scale',
  'disable',
  'enable',
  'restart',
  'rollback',
] as const;

/** @public */
export type OrderKind = (typeof ORDER_KINDS)[number];

/** Longest reason an order may carry. @public */
export const MAX_REASON_LENGTH = 1000;
/** Longest idempotency key. @public */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Highest release revision a rollback may name (a PostgreSQL integer). */
const MAX_REVISION = 2 ** 31 - 1;

const PLATFORM_DECIDES =
  'the platform decides the clusters and the namespace from the service and the environment; send only the environment';

/** Keys people send by habit, with why they are refused. */
const COMMON_KEY_HINTS: KeyHints = {
  cluster: PLATFORM_DECIDES,
  clusters: PLATFORM_DECIDES,
  namespace: PLATFORM_DECIDES,
  placement: `placement comes from the service model (spec.dyploma.environments.<name>.placement) and the environment's clusters, never from an order`,
  image: 'the image repository comes from the service model; send the version',
  service: 'the service is named by the URL (/services/<namespace>/<name>)',
  env: 'write environment',
  message: 'write reason',
  comment: 'write reason',
  idempotency_key: 'write idempotencyKey',
};

const environment = text(
  'an environment name such as production',
  v => checkDnsLabel(v),
  { max: 63 },
);

const reason = text(
  `a reason of at most ${MAX_REASON_LENGTH} characters`,
  v => (v.trim() === '' ? 'say why, or leave the field out' : undefined),
  { max: MAX_REASON_LENGTH },
);

const idempotencyKey = text(
  `an idempotency key of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} letters, digits, ".", "_", ":" or "-"`,
  v =>
    /^[A-Za-z0-9._:-]+$/.test(v)
      ? undefined
      : 'a UUID or another printable token without spaces works',
  { max: MAX_IDEMPOTENCY_KEY_LENGTH },
);

const version = z.custom<string>(
  value =>
    typeof value === 'string' && checkReleaseVersion(value) === undefined,
  {
    error: iss =>
      iss.input === undefined
        ? 'required: expected an image tag such as 1.4.2 or a digest such as sha256:<64 hex digits>'
        : checkReleaseVersion(iss.input),
  },
);

const replicas = wholeNumber(0, MAX_REPLICAS);

// Shared with the batch request schemas (batchRequests.ts), not part of the package's API.
export {
  environment as environmentSchema,
  reason as reasonSchema,
  idempotencyKey as idempotencyKeySchema,
};

const toRevision = wholeNumber(1, MAX_REVISION, {
  expected: 'a release revision, a whole number from 1',
});

function orderShape<K extends OrderKind, S extends z.core.$ZodLooseShape>(
  kind: K,
  shape: S,
) {
  return {
    kind: z.literal(kind),
    environment,
    ...shape,
    reason: reason.optional(),
    idempotencyKey: idempotencyKey.optional(),
  };
}

function orderSchema<K extends OrderKind, S extends z.core.$ZodLooseShape>(
  kind: K,
  shape: S,
  example: string,
  keyHints: KeyHints = {},
) {
  return strict(orderShape(kind, shape), `a ${kind} order such as ${example}`, {
    keyHints: { ...COMMON_KEY_HINTS, ...keyHints },
  });
}

const noVersion = (kind: string) =>
  `a ${kind} order keeps the running version; send a deploy order to change it`;

/**
 * The body of `POST /services/{namespace}/{name}/orders`, one schema per kind.
 *
 * @public
 */
export const orderRequestSchemas = {
  deploy: orderSchema(
    'deploy',
    { version, replicas: replicas.optional() },
    '{kind: "deploy", environment: "production", version: "1.4.2"}',
    {
      tag: 'write version',
      imagetag: 'write version',
      revision: 'a deploy names a version; roll back to name a revision',
    },
  ),
  scale: orderSchema(
    'scale',
    { replicas },
    '{kind: "scale", environment: "production", replicas: 3}',
    { version: noVersion('scale') },
  ),
  disable: orderSchema(
    'disable',
    {},
    '{kind: "disable", environment: "production"}',
    {
      replicas:
        'disable scales to zero and remembers the replicas; send a scale order to choose a number',
      version: noVersion('disable'),
    },
  ),
  enable: orderSchema(
    'enable',
    {},
    '{kind: "enable", environment: "production"}',
    {
      replicas:
        'enable restores the replicas the service had when it was disabled',
      version: noVersion('enable'),
    },
  ),
  restart: orderSchema(
    'restart',
    {},
    '{kind: "restart", environment: "production"}',
    {
      version: noVersion('restart'),
      replicas: 'a restart keeps the replicas',
    },
  ),
  rollback: orderSchema(
    'rollback',
    { toRevision: toRevision.optional() },
    '{kind: "rollback", environment: "production", toRevision: 3}',
    {
      revision: 'write toRevision',
      version:
        'a rollback names a release revision (toRevision), or none for the previous release',
    },
  ),
};

/** @public */
export type DeployOrderRequest = z.infer<typeof orderRequestSchemas.deploy>;
/** @public */
export type ScaleOrderRequest = z.infer<typeof orderRequestSchemas.scale>;
/** @public */
export type DisableOrderRequest = z.infer<typeof orderRequestSchemas.disable>;
/** @public */
export type EnableOrderRequest = z.infer<typeof orderRequestSchemas.enable>;
/** @public */
export type RestartOrderRequest = z.infer<typeof orderRequestSchemas.restart>;
/** @public */
export type RollbackOrderRequest = z.infer<typeof orderRequestSchemas.rollback>;

/**
 * Any order request; `kind` tells which.
 *
 * @public
 */
export type OrderRequest =
  | DeployOrderRequest
  | ScaleOrderRequest
  | DisableOrderRequest
  | EnableOrderRequest
  | RestartOrderRequest
  | RollbackOrderRequest;

/**
 * The body of `POST /orders/{id}/cancel` and `POST /orders/{id}/retry`.
 *
 * @public
 */
export const orderActionRequestSchema = strict(
  { reason: reason.optional() },
  'a map such as {reason: "the fix is out"}, or no body',
  {
    keyHints: {
      ...COMMON_KEY_HINTS,
      clusters:
        'a retry touches exactly the clusters that failed; the platform picks them',
    },
  },
);

/** @public */
export type OrderActionRequest = z.infer<typeof orderActionRequestSchema>;

/**
 * The result of parsing a request body: the value, or every problem with its
 * field path (`replicas: expected a whole number from 0 to 500, got "r12345"`).
 *
 * @public
 */
export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; problems: ModelProblem[] };

export function problem(path: string, message: string): ModelProblem {
  return {
    path,
    text: message,
    message: path ? `${path}: ${message}` : message,
  };
}

const kindSchema = oneOf(ORDER_KINDS, {
  rollout: 'write deploy',
  release: 'write deploy',
  scaleup: 'write scale',
  scaledown: 'write scale',
  stop: 'write disable',
  start: 'write enable',
  undo: 'write rollback',
  redeploy: 'write restart',
});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseWith<T>(
  schema: z.ZodType<T>,
  body: unknown,
): ParseResult<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: formatIssues(parsed.error.issues).map(p => {
      const made = toProblem(p, '');
      return made.path ? made : problem('', made.text);
    }),
  };
}

/**
 * Checks an order request body. Unknown fields are refused with a hint;
 * `cluster`, `clusters` and `namespace` are refused because the platform
 * decides them from the service and the environment.
 *
 * @public
 */
export function parseOrderRequest(body: unknown): ParseResult<OrderRequest> {
  if (!isPlainObject(body)) {
    return {
      ok: false,
      problems: [
        problem(
          '',
          `expected a JSON object such as {"kind": "deploy", "environment": "production", "version": "1.4.2"}, got ${describeValue(
            body,
          )}`,
        ),
      ],
    };
  }
  const kind = kindSchema.safeParse(body.kind);
  if (!kind.success) {
    return {
      ok: false,
      problems: [
        problem(
          'kind',
          body.kind === undefined
            ? expectedMessage(`one of ${ORDER_KINDS.join(', ')}`, undefined)
            : kind.error.issues[0]?.message ?? 'is not valid',
        ),
      ],
    };
  }
  return parseWith(
    orderRequestSchemas[kind.data] as z.ZodType<OrderRequest>,
    body,
  );
}

/**
 * Checks the body of a cancel or retry request; an absent body is an empty one.
 *
 * @public
 */
export function parseOrderActionRequest(
  body: unknown,
): ParseResult<OrderActionRequest> {
  if (body === undefined || body === null) return { ok: true, value: {} };
  return parseWith(orderActionRequestSchema, body);
}

/** One problem per line, for an error message. @public */
export function formatProblems(problems: readonly ModelProblem[]): string {
  return problems.map(p => p.message).join('\n');
}
