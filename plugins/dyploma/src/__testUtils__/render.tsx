import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { ReactElement } from 'react';
import { DyplomaApi, dyplomaApiRef } from '../api';
import { entity as defaultEntity } from './fixtures';

type Authorize = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
type Decision = ReturnType<Extract<Authorize, (...args: any[]) => any>>;
const ALLOW = 'ALLOW' as Decision;
const DENY = 'DENY' as Decision;

/** Renders a view of the plugin with a mocked API, permissions and entity. */
export function renderView(
  element: ReactElement,
  options: {
    api: DyplomaApi;
    allow?: boolean | ((permissionName: string) => boolean);
    entity?: Entity;
  },
) {
  const allow = options.allow ?? true;
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? defaultEntity}>
      {element}
    </EntityProvider>,
    {
      apis: [
        [dyplomaApiRef, options.api],
        mockApis.permission({
          authorize: request => {
            const ok =
              typeof allow === 'function'
                ? allow(request.permission.name)
                : allow;
            return ok ? ALLOW : DENY;
          },
        }),
      ],
    },
  );
}
