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

import { Link } from '@backstage/core-components';
import { RouteFunc, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

type Service = { namespace: string; name: string; title?: string };

/**
 * The entity page's address of a service, from the app's routes; apps that mount the
 * catalog elsewhere, or old-system apps without route resolution, fall back to the
 * catalog's default path.
 */
export function useServicePath() {
  let entityRoute:
    | RouteFunc<{ namespace: string; kind: string; name: string }>
    | undefined;
  try {
    // It throws where the route is not bound; the same on every render, so hooks keep
    // their order.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    entityRoute = useRouteRef(entityRouteRef);
  } catch {
    entityRoute = undefined;
  }
  return (service: Service, tab?: string) => {
    const params = {
      namespace: service.namespace,
      kind: 'component',
      name: service.name,
    };
    const base = entityRoute
      ? entityRoute(params)
      : `/catalog/${encodeURIComponent(
          params.namespace,
        )}/component/${encodeURIComponent(params.name)}`;
    return tab ? `${base}/${tab}` : base;
  };
}

/** A service's name linking to its Deploy tab (or another tab). */
export function ServiceLink(props: { service: Service; tab?: string }) {
  const path = useServicePath();
  const { service, tab = 'deploy' } = props;
  return (
    <Link to={path(service, tab)}>
      {service.name}
      {service.title && service.title !== service.name && (
        <Typography variant="caption" component="div" color="textSecondary">
          {service.title}
        </Typography>
      )}
    </Link>
  );
}
