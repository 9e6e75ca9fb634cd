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

/**
 * The Backstage signal channel of a service's orders: the backend publishes on it when an
 * order of the service is created or changes (status, a cluster's step, progress), and the
 * Deploy and Runtime tabs refetch when they hear it. Entity refs are case-insensitive, so
 * the channel is lower-cased.
 */
export function serviceSignalChannel(service: {
  namespace: string;
  name: string;
}): string {
  return `dyploma:service:${service.namespace}/${service.name}`.toLocaleLowerCase(
    'en-US',
  );
}

/**
 * What a signal carries: just enough to know what to refetch. Anyone subscribed may
 * receive it, so it holds no more than an order id and its state; the page reads the
 * rest through the API, with the reader's permissions.
 */
export type ServiceSignal = {
  orderId: string;
  environment: string;
  /** The order's status (`pending`, `running`, `succeeded`...). */
  status: string;
  /** Set when one cluster's step or progress changed. */
  cluster?: string;
};
