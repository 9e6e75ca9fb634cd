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

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { dyplomaApi } from './alpha/apis';
import {
  entityDyplomaCostCard,
  entityDyplomaDeployContent,
  entityDyplomaDeploymentsCard,
  entityDyplomaRuntimeContent,
  entityDyplomaTeamCostCard,
} from './alpha/entityContents';
import {
  costRouteRef,
  dyplomaCostPage,
  dyplomaFleetPage,
  fleetRouteRef,
} from './alpha/pages';
import {
  dyplomaModelFormField,
  dyplomaOwnerPickerFormField,
  dyplomaServiceNameFormField,
} from './scaffolder/formFields';

/**
 * The Dyploma frontend plugin: the Deploy and Runtime tabs of every service with a
 * Dyploma model, the Deployments and Cost cards of its overview, the Team cost card of
 * groups, the Cost and Fleet pages, the REST client, and the scaffolder form fields of the templates
 * (DyplomaServiceName, DyplomaOwnerPicker, DyplomaModelField).
 *
 * @public
 */
export const dyplomaPlugin = createFrontendPlugin({
  pluginId: 'dyploma',
  title: 'Dyploma',
  extensions: [
    dyplomaApi,
    entityDyplomaDeployContent,
    entityDyplomaRuntimeContent,
    entityDyplomaDeploymentsCard,
    entityDyplomaCostCard,
    entityDyplomaTeamCostCard,
    dyplomaCostPage,
    dyplomaFleetPage,
    dyplomaServiceNameFormField,
    dyplomaOwnerPickerFormField,
    dyplomaModelFormField,
  ],
  routes: { cost: costRouteRef, fleet: fleetRouteRef },
});
