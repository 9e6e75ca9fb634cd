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
 * Batches: one action on many services of one environment. Each service is an item that
 * gets its own order through the ordinary order path; the item keeps which order it got and
 * the attempt number (the orders' idempotency key is `batch:<batch id>:<attempt>` per
 * service), so a retried request or a resume never creates a second order for one attempt.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dyploma_batches', table => {
    table.comment('Batch operations: one action on many services');
    table.string('id', 64).primary().comment('Batch id (UUID)');
    table
      .string('environment', 63)
      .notNullable()
      .comment('Environment name from app-config');
    table
      .text('action')
      .notNullable()
      .comment('JSON: the action, e.g. {"kind":"scale","factor":2}');
    table
      .text('selection')
      .notNullable()
      .comment('JSON: how the services were picked (refs or a fleet filter)');
    table
      .string('on_forbidden', 8)
      .notNullable()
      .comment(
        'skip or refuse: what to do with services the author may not touch',
      );
    table.text('reason').nullable().comment("Why, in the author's words");
    table
      .string('author', 255)
      .notNullable()
      .comment('Entity ref of who created the batch');
    table
      .string('idempotency_key', 255)
      .nullable()
      .comment(
        'Client-chosen key: the same key twice from one author gives the same batch',
      );
    table
      .timestamp('created_at', { useTz: false, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('resumed_at', { useTz: false, precision: 3 })
      .nullable()
      .comment('The last time the batch was resumed');
    table.unique(['author', 'idempotency_key'], {
      indexName: 'dyploma_batches_idempotency_uniq',
    });
    table.index(['created_at'], 'dyploma_batches_created_idx');
  });

  await knex.schema.createTable('dyploma_batch_items', table => {
    table.comment('One service of a batch and the order it got');
    table
      .string('batch_id', 64)
      .notNullable()
      .references('id')
      .inTable('dyploma_batches')
      .onDelete('CASCADE');
    table
      .string('service_ref', 255)
      .notNullable()
      .comment('Catalog entity ref of the service');
    table
      .integer('position')
      .notNullable()
      .comment('Order of the item in the batch, for stable listing');
    table
      .string('state', 16)
      .notNullable()
      .comment(
        'skipped (forbidden), pending (no order yet for this attempt), ordered (order_id set) or refused (the order path said no)',
      );
    table
      .text('order_request')
      .nullable()
      .comment(
        'JSON: the order request the item sends (null when skipped or impossible)',
      );
    table
      .string('order_kind', 16)
      .notNullable()
      .comment('deploy, scale, disable, enable, restart or rollback');
    table
      .text('changes')
      .notNullable()
      .comment('JSON: what the preview said the order changes');
    table
      .integer('attempt')
      .notNullable()
      .defaultTo(1)
      .comment('1, then +1 for each resume that re-creates the order');
    table
      .string('order_id', 64)
      .nullable()
      .comment('The order of the latest attempt');
    table
      .text('error')
      .nullable()
      .comment('Why the item was skipped or refused');
    table
      .integer('error_status')
      .nullable()
      .comment('HTTP status the order path answered (400, 403, 404, 409)');
    table
      .timestamp('updated_at', { useTz: false, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['batch_id', 'service_ref']);
    table.index(['order_id'], 'dyploma_batch_items_order_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dyploma_batch_items');
  await knex.schema.dropTable('dyploma_batches');
};
