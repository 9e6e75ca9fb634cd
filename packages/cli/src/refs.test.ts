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
import { displayRef } from './refs';

describe('displayRef', () => {
  it('shortens refs in the default namespace and keeps other namespaces', () => {
    expect(displayRef('component:default/payments')).toBe('payments');
    expect(displayRef('group:ops/sre')).toBe('ops/sre');
    expect(displayRef(undefined)).toBe('');
  });

  it('says a hidden group is not shown instead of printing the placeholder', () => {
    expect(displayRef(COST_NOT_SHOWN)).toBe('(not shown to you)');
  });
});
