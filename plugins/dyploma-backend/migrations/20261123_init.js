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

// @ts-check

/**
 * Releases: the runtime decisions for one service in one environment (which version, how
 * many, where, enabled), one immutable row per change. Rolling back appends a new row equal
 * to an old one, so the table only ever grows and history is never rewritten.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dyploma_releases', table => {
    table.comment('Immutable runtime decisions per service and environment');
    table
      .bigIncrements('id')
      .primary()
      .comment('Global, ever-increasing id of the release');
    table
      .string('service_ref', 255)
      .notNullable()
      .comment(
        'Catalog entity ref of the service, e.g. component:default/payments',
      );
    table
      .string('environment', 63)
      .notNullable()
      .comment('Environment name from app-config, e.g. production');
    table
      .integer('revision')
      .notNullable()
      .comment('1, 2, 3... per service and environment');
    table
      .text('spec')
      .notNullable()
      .comment(
        'JSON: version, replicas and placement, resources, properties, enabled',
      );
    table
      .string('author', 255)
      .notNullable()
      .comment('Entity ref of the user (or service) that gave the order');
    table.text('reason').nullable().comment("Why, in the author's words");
    table
      .string('order_id', 64)
      .nullable()
      .comment('The order that created this release, if any');
    table
      .timestamp('created_at', { useTz: false, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the release was recorded');
    table.unique(['service_ref', 'environment', 'revision'], {
      indexName: 'dyploma_releases_revision_uniq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dyploma_releases');
};
