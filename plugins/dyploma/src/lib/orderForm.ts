import {
  OrderRequest,
  parseOrderRequest,
  ServiceEnvironmentStatus,
} from '@dyploma/plugin-dyploma-common';

/** The kinds of order the order dialog makes; a rollback has its own dialog. */
export type FormKind = 'deploy' | 'scale' | 'disable' | 'enable' | 'restart';

export type FormValues = { version: string; replicas: string; reason: string };

export type FormResult =
  | { ok: true; request: OrderRequest }
  | { ok: false; errors: Record<string, string> };

/** A number when the user typed one, else the text, so the schema names what was typed. */
function replicasValue(text: string): unknown {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * Builds the order from the form and checks it with the backend's own zod schema, so
 * the user sees the same field-pathed message the API would answer with.
 */
export function buildOrder(
  kind: FormKind,
  environment: Pick<ServiceEnvironmentStatus, 'name' | 'requireReason'>,
  values: FormValues,
): FormResult {
  const reason = values.reason.trim();
  const body: Record<string, unknown> = {
    kind,
    environment: environment.name,
    ...(kind === 'deploy' &&
      values.version.trim() !== '' && { version: values.version.trim() }),
    ...((kind === 'scale' || (kind === 'deploy' && values.replicas.trim())) && {
      replicas:
        kind === 'scale' && values.replicas.trim() === ''
          ? undefined
          : replicasValue(values.replicas),
    }),
    ...(reason && { reason }),
  };
  const parsed = parseOrderRequest(body);
  const errors: Record<string, string> = {};
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      errors[problem.path || 'form'] ??= problem.text;
    }
  }
  if (environment.requireReason && !reason) {
    errors.reason = `required: orders in ${environment.name} must say why`;
  }
  if (!parsed.ok || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, request: parsed.value };
}
