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

import type { BatchItem } from '@dyploma/plugin-dyploma-common';
import { useServiceSignal } from '../../hooks/useServiceSignal';

/**
 * Most services of one batch followed by signal; the rest, and apps without signals, are
 * followed by the batch's polling alone.
 */
export const MAX_SIGNAL_CHANNELS = 50;

function ItemSignal(props: { service: string; onSignal: () => void }) {
  const match = /^[^:]+:([^/]+)\/(.+)$/.exec(props.service);
  useServiceSignal(
    { namespace: match?.[1] ?? 'default', name: match?.[2] ?? props.service },
    props.onSignal,
  );
  return null;
}

/**
 * Subscribes to the order signals of the batch's active items (one component each, so
 * the number of subscriptions can change without breaking the rules of hooks) and
 * calls `onSignal` when one of their orders moves: the progress shows it at once instead
 * of at the next poll.
 */
export function BatchSignals(props: {
  items: BatchItem[];
  onSignal: () => void;
}) {
  const active = props.items
    .filter(i => i.status === 'pending' || i.status === 'running')
    .slice(0, MAX_SIGNAL_CHANNELS);
  return (
    <>
      {active.map(i => (
        <ItemSignal
          key={i.service}
          service={i.service}
          onSignal={props.onSignal}
        />
      ))}
    </>
  );
}
