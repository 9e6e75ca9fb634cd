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
 * Cost: one row per hour, service, environment and cluster with what the service requested
 * and used and what it cost (OpenCost: max(request, usage) × hours × unit price), plus one
 * `__idle__` row per hour and cluster for the capacity nobody was allocated. A collector folds
 * samples taken every few minutes into the current hour's rows; reports only ever sum rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dyploma_cost_hourly', table => {
    table.comment(
      'Hourly cost allocation per service, environment and cluster, plus idle per cluster',
    );
    table
      .integer('hour')
      .notNullable()
      .comment(
        'Start of the hour, in whole hours since 1970-01-01T00:00Z (epoch ms / 3600000)',
      );
    table
      .string('service_ref', 255)
      .notNullable()
      .comment(
        'Catalog entity ref of the service; __idle__ for the cluster idle row, __unallocated__ for pods of no service',
      );
    table
      .string('environment', 63)
      .notNullable()
      .comment('Environment name; empty on idle rows');
    table
      .string('cluster', 63)
      .notNullable()
      .comment('Cluster name from app-config');
    table
      .string('datacenter', 63)
      .notNullable()
      .comment('Datacenter of the cluster when the row was written');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment(
        'Entity ref of the owning group, e.g. group:default/team-payments',
      );
    table
      .string('system_ref', 255)
      .nullable()
      .comment('Entity ref of the system the service is part of');
    table
      .double('cpu_request_core_hours')
      .notNullable()
      .defaultTo(0)
      .comment('CPU requested, in core-hours (idle rows: idle core-hours)');
    table
      .double('cpu_usage_core_hours')
      .notNullable()
      .defaultTo(0)
      .comment('CPU used, in core-hours');
    table
      .double('memory_request_gib_hours')
      .notNullable()
      .defaultTo(0)
      .comment('Memory requested, in GiB-hours (idle rows: idle GiB-hours)');
    table
      .double('memory_usage_gib_hours')
      .notNullable()
      .defaultTo(0)
      .comment('Memory used, in GiB-hours');
    table
      .double('cpu_cost')
      .notNullable()
      .defaultTo(0)
      .comment('CPU cost: max(request, usage) core-hours × the cluster price');
    table
      .double('memory_cost')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Memory cost: max(request, usage) GiB-hours × the cluster price',
      );
    table
      .double('cost')
      .notNullable()
      .defaultTo(0)
      .comment('cpu_cost + memory_cost');
    table
      .integer('samples')
      .notNullable()
      .defaultTo(0)
      .comment('How many samples of the cluster this hour the row averages');
    table
      .bigInteger('sampled_at')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Epoch ms of the last sample folded in; a sample not newer is ignored',
      );
    table
      .boolean('demo')
      .notNullable()
      .defaultTo(false)
      .comment('True for rows backfilled from the demo usage model');
    table.primary(
      ['hour', 'service_ref', 'environment', 'cluster'],
      'dyploma_cost_hourly_pk',
    );
    // The primary key, hour first, serves windows over every service (reports); these serve
    // one service's card, one owner's page and one cluster's idle cost.
    table.index(['service_ref', 'hour'], 'dyploma_cost_hourly_service_idx');
    table.index(['owner_ref', 'hour'], 'dyploma_cost_hourly_owner_idx');
    table.index(['cluster', 'hour'], 'dyploma_cost_hourly_cluster_idx');
  });

  // Reports over weeks and months read whole days here and only the hours at a window's
  // edges from the hourly table: 24 times fewer rows (a 30-day report of the seed fleet
  // scans 70 thousand rows instead of 1.7 million).
  await knex.schema.createTable('dyploma_cost_daily', table => {
    table.comment(
      'Sums of dyploma_cost_hourly per UTC day, service, environment and cluster',
    );
    table
      .integer('day')
      .notNullable()
      .comment('UTC day, in whole days since 1970-01-01 (hour / 24)');
    table
      .string('service_ref', 255)
      .notNullable()
      .comment('As in the hourly rows');
    table
      .string('environment', 63)
      .notNullable()
      .comment('As in the hourly rows');
    table.string('cluster', 63).notNullable().comment('As in the hourly rows');
    table
      .string('datacenter', 63)
      .notNullable()
      .comment('Latest of the day (the greatest if it changed)');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('Owning group of the day (the greatest if it changed)');
    table
      .string('system_ref', 255)
      .nullable()
      .comment('System of the day (the greatest if it changed)');
    for (const [column, comment] of [
      ['cpu_request_core_hours', 'CPU requested in the day, core-hours'],
      ['cpu_usage_core_hours', 'CPU used in the day, core-hours'],
      ['memory_request_gib_hours', 'Memory requested in the day, GiB-hours'],
      ['memory_usage_gib_hours', 'Memory used in the day, GiB-hours'],
      ['cpu_cost', 'CPU cost of the day'],
      ['memory_cost', 'Memory cost of the day'],
      ['cost', 'Cost of the day'],
    ]) {
      table.double(column).notNullable().defaultTo(0).comment(comment);
    }
    table
      .boolean('demo')
      .notNullable()
      .defaultTo(false)
      .comment('True when any hour of the day is demo data');
    table.primary(
      ['day', 'service_ref', 'environment', 'cluster'],
      'dyploma_cost_daily_pk',
    );
    table.index(['service_ref', 'day'], 'dyploma_cost_daily_service_idx');
    table.index(['owner_ref', 'day'], 'dyploma_cost_daily_owner_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dyploma_cost_daily');
  await knex.schema.dropTable('dyploma_cost_hourly');
};
