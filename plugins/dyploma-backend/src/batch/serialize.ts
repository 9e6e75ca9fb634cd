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
  Batch,
  BatchItem,
  BatchItemStatus,
  BatchStatus,
  BatchSummary,
} from '@dyploma/plugin-dyploma-common';
import type { StoredBatch, StoredBatchItem } from './BatchStore';

const FAILED = new Set([
  'failed',
  'partially-failed',
  'rolled-back',
  'cancelled',
]);
const ACTIVE = new Set(['pending', 'running']);

/** Where an item is, as the API says it. */
export function itemStatus(item: StoredBatchItem): BatchItemStatus {
  switch (item.state) {
    case 'skipped':
      return 'skipped';
    case 'pending':
      return 'not-started';
    case 'refused':
      return 'refused';
    default:
      return item.orderStatus ?? 'pending';
  }
}

/** Whether a resume gives the item a new order: it failed, or never got one. */
export function resumable(item: StoredBatchItem): boolean {
  const status = itemStatus(item);
  return status === 'not-started' || status === 'refused' || FAILED.has(status);
}

export function summarise(items: StoredBatchItem[]): BatchSummary {
  const summary: BatchSummary = {
    total: items.length,
    skipped: 0,
    notStarted: 0,
    refused: 0,
    active: 0,
    succeeded: 0,
    failed: 0,
  };
  for (const item of items) {
    const status = itemStatus(item);
    if (status === 'skipped') summary.skipped++;
    else if (status === 'not-started') summary.notStarted++;
    else if (status === 'refused') summary.refused++;
    else if (ACTIVE.has(status)) summary.active++;
    else if (status === 'succeeded') summary.succeeded++;
    else summary.failed++;
  }
  return summary;
}

export function batchStatus(summary: BatchSummary): BatchStatus {
  if (summary.notStarted + summary.active > 0) return 'running';
  const attempted = summary.total - summary.skipped;
  if (attempted > 0 && summary.succeeded === attempted) return 'succeeded';
  return summary.succeeded > 0 ? 'partially-failed' : 'failed';
}

function toApiItem(item: StoredBatchItem): BatchItem {
  return {
    service: item.serviceRef,
    status: itemStatus(item),
    orderKind: item.orderKind,
    ...(item.orderId && { orderId: item.orderId }),
    attempt: item.attempt,
    changes: item.changes,
    ...(item.error !== undefined && { error: item.error }),
    ...(item.errorStatus !== undefined && { errorStatus: item.errorStatus }),
    ...(item.targets && {
      targets: item.targets.map(t => ({
        ...t,
        updatedAt: t.updatedAt.toISOString(),
      })),
    }),
    updatedAt: item.updatedAt.toISOString(),
  };
}

/** A batch as the API shows it; items only when asked for. */
export function toApiBatch(
  batch: StoredBatch,
  items: StoredBatchItem[],
  options: { withItems: boolean },
): Batch {
  const summary = summarise(items);
  const status = batchStatus(summary);
  const ends = items.flatMap(i => [
    i.updatedAt.getTime(),
    ...(i.orderFinishedAt ? [i.orderFinishedAt.getTime()] : []),
  ]);
  return {
    id: batch.id,
    environment: batch.environment,
    action: batch.action,
    select: batch.select,
    onForbidden: batch.onForbidden,
    ...(batch.reason !== undefined && { reason: batch.reason }),
    ...(batch.idempotencyKey !== undefined && {
      idempotencyKey: batch.idempotencyKey,
    }),
    author: batch.author,
    status,
    summary,
    createdAt: batch.createdAt.toISOString(),
    ...(batch.resumedAt && { resumedAt: batch.resumedAt.toISOString() }),
    ...(status !== 'running' && {
      finishedAt: new Date(
        Math.max(batch.createdAt.getTime(), ...ends),
      ).toISOString(),
    }),
    ...(options.withItems && { items: items.map(toApiItem) }),
  };
}
