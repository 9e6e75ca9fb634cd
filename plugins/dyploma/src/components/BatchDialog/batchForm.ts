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

import {
  BatchAction,
  BatchActionKind,
  BatchOnForbidden,
  BatchRequest,
  BatchSelect,
  FleetEnvironment,
  ModelProblem,
  parseBatchRequest,
} from '@dyploma/plugin-dyploma-common';

/** What the user types into the batch form (inputs are text until checked). */
export type BatchFormValues = {
  action: BatchActionKind;
  /** `replicas`: every service to that many; `factor`: × each service's replicas. */
  scaleBy: 'replicas' | 'factor';
  amount: string;
  environment: string;
  reason: string;
  onForbidden: BatchOnForbidden;
};

export const ACTION_LABELS: Record<BatchActionKind, string> = {
  restart: 'Restart',
  redeploy: 'Redeploy the running version',
  scale: 'Scale',
  disable: 'Disable',
  enable: 'Enable',
  rollback: 'Roll back to the previous release',
};

/** The verb of the confirm button: "Restart 3 services in production". */
export const ACTION_VERBS: Record<BatchActionKind, string> = {
  restart: 'Restart',
  redeploy: 'Redeploy',
  scale: 'Scale',
  disable: 'Disable',
  enable: 'Enable',
  rollback: 'Roll back',
};

/**
 * Whether orders in the environment must say why: as configured (`requireReason`, sent
 * by `GET /fleet`), or as learned from a 400 on `reason` (config changed since the page
 * was read).
 */
export function needsReason(
  environment: Pick<FleetEnvironment, 'name' | 'requireReason'> | undefined,
  learned: ReadonlySet<string> = new Set(),
): boolean {
  if (!environment) return false;
  return environment.requireReason || learned.has(environment.name);
}

function actionOf(values: BatchFormValues): BatchAction | { kind: 'scale' } {
  if (values.action !== 'scale') return { kind: values.action } as BatchAction;
  const raw = values.amount.trim();
  // Sent as typed when it is not a number, so the shared schema names the problem.
  const amount: unknown =
    raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw || undefined;
  return { kind: 'scale', [values.scaleBy]: amount } as BatchAction;
}

/** The request the form describes (reason and onForbidden included). */
export function requestOf(
  values: BatchFormValues,
  select: BatchSelect,
): BatchRequest {
  const reason = values.reason.trim();
  return {
    environment: values.environment,
    action: actionOf(values) as BatchAction,
    select,
    onForbidden: values.onForbidden,
    ...(reason && { reason }),
  };
}

/** The form's fields a problem can be shown under; others are shown above the preview. */
const FIELDS = new Set(['amount', 'environment', 'reason']);

/**
 * Problems (from the shared schema or the API's 400) by form field; `form` gathers those
 * no field shows (`select: selects no service in production`).
 */
export function fieldErrors(problems: ModelProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const head = p.path.startsWith('action') ? 'amount' : p.path.split('.')[0];
    if (FIELDS.has(head)) {
      errors[head] ??= p.text;
    } else {
      errors.form = errors.form ? `${errors.form}; ${p.message}` : p.message;
    }
  }
  return errors;
}

/**
 * Checks the request with the backend's own schema (`parseBatchRequest`), so a bad
 * amount is named before anything is sent.
 */
export function checkRequest(request: BatchRequest): Record<string, string> {
  const parsed = parseBatchRequest(request);
  return parsed.ok ? {} : fieldErrors(parsed.problems);
}

/** What must stay the same between a preview and its confirmation. */
export function planKey(request: BatchRequest): string {
  return JSON.stringify([request.environment, request.action, request.select]);
}

/** A fresh idempotency key: one per previewed plan, so a retried confirm is safe. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `batch-${Date.now().toString(36)}-${Math.random()
    .toString(36)
    .slice(2)}`;
}
