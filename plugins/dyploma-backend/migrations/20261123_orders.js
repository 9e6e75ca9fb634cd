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
 * Orders: every deploy, scale, disable, enable, restart and rollback, stored before anything
 * happens so that none is lost when a cluster or the backend dies. A worker claims an order
 * with a lease; if the worker dies, the lease runs out and another one resumes the order.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dyploma_orders', table => {
    table.comment('Orders given to Dyploma, with who, why and what happened');
    table.string('id', 64).primary().comment('Order id (UUID)');
    table
      .string('service_ref', 255)
      .notNullable()
      .comment('Catalog entity ref of the service');
    table
      .string('environment', 63)
      .notNullable()
      .comment('Environment name from app-config');
    table
      .string('kind', 16)
      .notNullable()
      .comment('deploy, scale, disable, enable, restart or rollback');
    table
      .text('params')
      .notNullable()
      .comment('JSON: the validated parameters of the order');
    table
      .string('author', 255)
      .notNullable()
      .comment('Entity ref of who gave the order');
    table.text('reason').nullable().comment("Why, in the author's words");
    table
      .string('idempotency_key', 255)
      .nullable()
      .comment('Client-chosen key: the same key twice gives the same order');
    table
      .string('status', 24)
      .notNullable()
      .comment(
        'pending, running, succeeded, partially-failed, failed, rolled-back, cancelled',
      );
    table
      .string('active_key', 320)
      .nullable()
      .comment(
        'service_ref|environment while pending or running, else NULL; unique, so a service and environment have at most one active order',
      );
    table
      .integer('release_revision')
      .nullable()
      .comment('The release this order created');
    table.text('error').nullable().comment('Why the order did not succeed');
    table
      .string('lease_owner', 255)
      .nullable()
      .comment('Worker that holds the order');
    table
      .bigInteger('lease_expires_at')
      .nullable()
      .comment(
        'Epoch milliseconds after which another worker may take the order over',
      );
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Times a worker claimed the order');
    table
      .timestamp('created_at', { useTz: false, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.timestamp('finished_at', { useTz: false, precision: 3 }).nullable();
    table.unique(['active_key'], { indexName: 'dyploma_orders_active_uniq' });
    table.unique(['service_ref', 'idempotency_key'], {
      indexName: 'dyploma_orders_idempotency_uniq',
    });
    table.index(
      ['service_ref', 'environment', 'created_at'],
      'dyploma_orders_history_idx',
    );
    table.index(['status'], 'dyploma_orders_status_idx');
  });

  await knex.schema.createTable('dyploma_order_targets', table => {
    table.comment('Per-cluster progress of an order');
    table
      .string('order_id', 64)
      .notNullable()
      .references('id')
      .inTable('dyploma_orders')
      .onDelete('CASCADE');
    table
      .string('cluster', 63)
      .notNullable()
      .comment('Cluster name from app-config');
    table
      .string('status', 24)
      .notNullable()
      .comment(
        'pending, applying, progressing, succeeded, failed, rolled-back, skipped',
      );
    table
      .integer('desired')
      .nullable()
      .comment('Replicas wanted in this cluster');
    table.integer('updated').nullable().comment('Pods of the new template');
    table.integer('ready').nullable().comment('Ready pods');
    table.integer('available').nullable().comment('Available pods');
    table.text('message').nullable().comment('The step, or why it failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .timestamp('updated_at', { useTz: false, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['order_id', 'cluster']);
  });

  await knex.schema.createTable('dyploma_order_events', table => {
    table.comment('Every state change of an order, for history and audit');
    table.bigIncrements('id').primary();
    table
      .string('order_id', 64)
      .notNullable()
      .references('id')
      .inTable('dyploma_orders')
      .onDelete('CASCADE');
    table
      .string('cluster', 63)
      .nullable()
      .comment('Set when the event is about one cluster');
    table.string('status', 24).notNullable().comment('The status entered');
    table.text('message').nullable();
    table
      .timestamp('created_at', { useTz: false, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['order_id', 'id'], 'dyploma_order_events_order_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dyploma_order_events');
  await knex.schema.dropTable('dyploma_order_targets');
  await knex.schema.dropTable('dyploma_orders');
};
