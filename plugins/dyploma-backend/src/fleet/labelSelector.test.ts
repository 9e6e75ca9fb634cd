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

import { InputError } from '@backstage/errors';
import { labelMatcher } from './labelSelector';

describe('labelMatcher', () => {
  const labels = {
    app: 'cart',
    tier: 'web',
    'backstage.io/kubernetes-id': 'cart',
  };

  it.each([
    ['app=cart', true],
    ['app==cart', true],
    ['app=orders', false],
    ['app!=orders', true],
    ['app=cart,tier=web', true],
    ['app=cart,tier=db', false],
    ['tier in (web, api)', true],
    ['tier in (db)', false],
    ['tier notin (db,cache)', true],
    ['missing notin (x)', true],
    ['backstage.io/kubernetes-id', true],
    ['!missing', true],
    ['!app', false],
    ['app in (cart),tier notin (db),backstage.io/kubernetes-id=cart', true],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(labelMatcher(selector)(labels)).toBe(expected);
  });

  it('takes a matchLabels map, and no selector matches everything', () => {
    expect(labelMatcher({ app: 'cart' })(labels)).toBe(true);
    expect(labelMatcher({ app: 'cart', tier: 'db' })(labels)).toBe(false);
    expect(labelMatcher()(undefined)).toBe(true);
    expect(labelMatcher('app=cart')(undefined)).toBe(false);
  });

  it('rejects a malformed selector as the user’s mistake', () => {
    expect(() => labelMatcher('app=(cart')).toThrow(InputError);
    expect(() => labelMatcher('!app=cart')).toThrow(InputError);
  });
});
