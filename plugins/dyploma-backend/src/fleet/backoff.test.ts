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

import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const limits = { initialMs: 1000, maxMs: 60_000 };

  it('doubles per failure up to the cap, with half of each delay random', () => {
    const low = (n: number) => backoffDelay(n, limits, () => 0);
    const high = (n: number) => backoffDelay(n, limits, () => 1);
    expect([1, 2, 3, 4].map(high)).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000]);
    expect(high(7)).toBe(60_000);
    expect(high(1000)).toBe(60_000);
    expect(low(1000)).toBe(30_000);
  });
});
