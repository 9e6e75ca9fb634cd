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

import { useApi } from '@backstage/core-plugin-api';
import type { FleetPage, FleetQuery } from '@dyploma/plugin-dyploma-common';
import { useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dyplomaApiRef } from '../api';

/**
 * One page of the fleet for a query, with a retry. While the next page loads, and after a
 * failed reload, the last page read stays on screen (next to the error), so filtering
 * never blanks the table.
 */
export function useFleet(query: Partial<FleetQuery>) {
  const api = useApi(dyplomaApiRef);
  const last = useRef<FleetPage>();
  const key = JSON.stringify(query);
  const state = useAsyncRetry(
    () => api.getFleet(query),
    // The query object is rebuilt from the URL; its JSON is the identity that matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  if (state.value) last.current = state.value;
  return { ...state, value: state.value ?? last.current };
}
