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

import { COST_NOT_SHOWN } from '@dyploma/plugin-dyploma-common';

/**
 * An entity ref as a table shows it: `payments` for `component:default/payments`. The
 * backend's placeholder for a group or system the catalog does not show the caller
 * (cost lines, fleet owners and systems) reads as the web pages say it.
 */
export function displayRef(ref?: string | null): string {
  if (!ref) return '';
  if (ref === COST_NOT_SHOWN) return '(not shown to you)';
  return ref.replace(/^[a-z]+:default\//, '').replace(/^[a-z]+:/, '');
}
