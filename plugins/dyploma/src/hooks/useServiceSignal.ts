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
  serviceSignalChannel,
  type ServiceSignal,
} from '@dyploma/plugin-dyploma-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';
import type { ServiceName } from '../api';

/**
 * Calls `onSignal` each time the backend signals a change of one of the service's orders
 * (created, a cluster's step or progress, finished...). Returns whether signals work in
 * this app at all; without them the callers' polling is all there is.
 */
export function useServiceSignal(
  service: ServiceName,
  onSignal: (signal: ServiceSignal) => void,
): boolean {
  const { lastSignal, isSignalsAvailable } = useSignal<ServiceSignal>(
    serviceSignalChannel(service),
  );
  const handler = useRef(onSignal);
  handler.current = onSignal;
  useEffect(() => {
    if (lastSignal) handler.current(lastSignal);
  }, [lastSignal]);
  return isSignalsAvailable;
}
