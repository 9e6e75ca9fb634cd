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

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { fleetIndexOf, FleetContext } from './FleetIndex';

const services = (n: number) => `${n} ${n === 1 ? 'service' : 'services'}`;

/**
 * Services in words for a message to the caller (a 403 that says which services stand in
 * the way): by name those the caller may see (as on the fleet page: the catalog's read
 * permission and `dyploma.service.read`), at most `max` of them and the rest counted, and
 * the others only counted, so a message never names a service the catalog hides from
 * whoever reads it: `payments, and 3 services you cannot see`. One visibility check.
 */
export async function servicesInWords(
  ctx: FleetContext,
  credentials: BackstageCredentials,
  refs: string[],
  max = 10,
): Promise<string> {
  const visible = await fleetIndexOf(ctx).readable(credentials, refs);
  const named = refs.filter(r => visible.has(r));
  const more = named.length - max;
  const hidden = refs.length - named.length;
  const tails = [
    ...(more > 0 ? [`${more} more`] : []),
    ...(hidden > 0 ? [`${services(hidden)} you cannot see`] : []),
  ];
  const names = named.slice(0, max).join(', ');
  if (tails.length === 0) return names;
  return names ? `${names}, and ${tails.join(' and ')}` : tails.join(' and ');
}
