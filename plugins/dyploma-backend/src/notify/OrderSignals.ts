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

import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  serviceSignalChannel,
  ServiceSignal,
} from '@dyploma/plugin-dyploma-common';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { OrderChange, OrderNotifier } from './types';

/** At most one signal per service in this window; the last change in it is sent at its end. */
const DEFAULT_INTERVAL_MS = 250;

type Channel = {
  lastSent: number;
  pending?: ServiceSignal;
  timer?: ReturnType<typeof setTimeout>;
};

const ACTIVE = new Set(['pending', 'running']);

/**
 * Publishes a Backstage signal on `dyploma:service:<namespace>/<name>` whenever an order
 * of the service changes, so the Deploy and Runtime tabs refetch at once instead of
 * waiting for their next poll. The payload only says which order changed (the page reads
 * the rest through the API with the reader's permissions), so it goes to every browser
 * subscribed to the channel.
 *
 * A rollout over many clusters changes several times a second; a page needs one refetch
 * per burst, not one per change: the first change is sent at once, later ones within
 * `intervalMs` are folded into one signal at the end of the window. An order's end is
 * always sent at once.
 */
export class OrderSignals implements OrderNotifier {
  private readonly channels = new Map<string, Channel>();
  private readonly intervalMs: number;

  constructor(
    private readonly deps: {
      signals: SignalsService;
      logger: LoggerService;
      intervalMs?: number;
      now?: () => number;
    },
  ) {
    this.intervalMs = deps.intervalMs ?? DEFAULT_INTERVAL_MS;
  }

  orderChanged(change: OrderChange) {
    const channel = serviceSignalChannel(parseEntityRef(change.serviceRef));
    const message: ServiceSignal = {
      orderId: change.orderId,
      environment: change.environment,
      status: change.status,
      ...(change.cluster && { cluster: change.cluster }),
    };
    const state = this.channels.get(channel) ?? { lastSent: -Infinity };
    this.channels.set(channel, state);
    const wait = state.lastSent + this.intervalMs - this.now();
    if (wait <= 0 || !ACTIVE.has(change.status)) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      state.pending = undefined;
      this.send(channel, state, message);
      return;
    }
    state.pending = message;
    state.timer ??= setTimeout(() => {
      state.timer = undefined;
      const pending = state.pending;
      state.pending = undefined;
      if (pending) this.send(channel, state, pending);
    }, wait);
  }

  /** Sends what is still waiting now (at shutdown). */
  flush() {
    for (const [channel, state] of this.channels) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      if (state.pending) this.send(channel, state, state.pending);
      state.pending = undefined;
    }
  }

  private send(channel: string, state: Channel, message: ServiceSignal) {
    state.lastSent = this.now();
    this.deps.signals
      .publish<ServiceSignal>({
        recipients: { type: 'broadcast' },
        channel,
        message,
      })
      .catch(error =>
        this.deps.logger.warn(
          `could not publish signal ${channel} for order ${message.orderId}: ${error}`,
        ),
      );
  }

  private now() {
    return this.deps.now?.() ?? Date.now();
  }
}
