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
 * Extension points and shared types for Dyploma backend modules: cluster sources, build
 * systems, metrics and pricing providers. The points are added with the features that use
 * them (see the issues of the orchestrator and cost work).
 *
 * @packageDocumentation
 */

/**
 * The plugin id of the Dyploma backend, for modules that extend it.
 *
 * @public
 */
export const DYPLOMA_PLUGIN_ID = 'dyploma';
