/* eslint-disable no-console */
/**
 * Cost reports on the seed fleet: 30 days of hourly rows for 400 services, 2,300
 * Deployments (service × environment × cluster) over 3 clusters, in PostgreSQL. Measures the
 * 30-day owners report (target ≤ 500 ms) and one service's card (target ≤ 50 ms), p50/p95
 * over repeated runs, and writes RESULTS.md next to this file.
 *
 *   node bench/cost/run.js [--url postgresql://postgres@127.0.0.1:5432] [--out bench/cost/RESULTS.md]
 *
 * Creates its own database (dyploma_cost_bench) and drops it at the end.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Knex from 'knex';
import { CostReports } from '../../plugins/dyploma-backend/src/cost/CostReports';
import { DatabaseCostStore } from '../../plugins/dyploma-backend/src/cost/DatabaseCostStore';
import { CostCluster } from '../../plugins/dyploma-backend/src/cost/collector';
import {
  demoHourRows,
  DemoService,
} from '../../plugins/dyploma-backend/src/cost/demo';
import {
  CostRow,
  GIB,
  hourOf,
} from '../../plugins/dyploma-backend/src/cost/types';
import { resolveWindow } from '../../plugins/dyploma-backend/src/cost/windows';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
    out: { type: 'string', default: join(__dirname, 'RESULTS.md') },
    days: { type: 'string', default: '30' },
  },
});

const DATABASE = 'dyploma_cost_bench';
const SERVICES = 400;
const TEAMS = 40;
const DEPARTMENTS = 8;
const SYSTEMS = 60;
const CLUSTER_NAMES = ['dc1', 'dc2', 'dc3'];
const NODES = [534, 533, 533];
const OWNER_RUNS = 30;
const CARD_RUNS = 200;

const clusters = new Map<string, CostCluster>([
  [
    'dc1',
    {
      name: 'dc1',
      datacenter: 'dc1',
      pricing: { cpuCoreHour: 0.031, memoryGiBHour: 0.004 },
    },
  ],
  [
    'dc2',
    {
      name: 'dc2',
      datacenter: 'dc2',
      pricing: { cpuCoreHour: 0.042, memoryGiBHour: 0.0055 },
    },
  ],
  [
    'dc3',
    {
      name: 'dc3',
      datacenter: 'dc3',
      pricing: { cpuCoreHour: 0.031, memoryGiBHour: 0.004 },
    },
  ],
]);
const capacity = new Map(
  CLUSTER_NAMES.map((c, i) => [
    c,
    { cpuCores: NODES[i] * 16, memoryBytes: NODES[i] * 64 * GIB },
  ]),
);

/**
 * 400 services: production in all 3 clusters, staging in 2 (the first 300) or 1, dev in 1
 * → 300 × 6 + 100 × 5 = 2,300 Deployments of 3 or 4 replicas (≈ 7,500 pods).
 */
function fleet(): DemoService[] {
  const cpu = [0.25, 0.5, 1, 2];
  const mem = [0.5, 1, 2, 4];
  return Array.from({ length: SERVICES }, (_, i) => {
    const requests = {
      cpuCores: cpu[i % 4],
      memoryBytes: mem[(i >> 2) % 4] * GIB,
    };
    const replicas = i % 4 === 0 ? 4 : 3;
    const at = (k: number) => CLUSTER_NAMES[(i + k) % 3];
    const deployments = [
      ...CLUSTER_NAMES.map(cluster => ({
        environment: 'production',
        cluster,
        replicas,
        requests,
      })),
      ...(i < 300 ? [at(0), at(1)] : [at(0)]).map(cluster => ({
        environment: 'staging',
        cluster,
        replicas: 1,
        requests,
      })),
      { environment: 'dev', cluster: at(2), replicas: 1, requests },
    ];
    return {
      serviceRef: `component:default/svc-${i}`,
      ownerRef: `group:default/team-${i % TEAMS}`,
      systemRef: `system:default/sys-${i % SYSTEMS}`,
      deployments,
    };
  });
}

const groupParents = new Map<string, string>([
  ...Array.from(
    { length: TEAMS },
    (_, t) =>
      [`group:default/team-${t}`, `group:default/dept-${t % DEPARTMENTS}`] as [
        string,
        string,
      ],
  ),
  ...Array.from(
    { length: DEPARTMENTS },
    (_, d) =>
      [`group:default/dept-${d}`, 'group:default/engineering'] as [
        string,
        string,
      ],
  ),
]);

const COLUMNS: Array<[string, string, (r: CostRow) => unknown]> = [
  ['hour', 'int', r => r.hour],
  ['service_ref', 'text', r => r.serviceRef],
  ['environment', 'text', r => r.environment],
  ['cluster', 'text', r => r.cluster],
  ['datacenter', 'text', r => r.datacenter],
  ['owner_ref', 'text', r => r.ownerRef ?? null],
  ['system_ref', 'text', r => r.systemRef ?? null],
  ['cpu_request_core_hours', 'float8', r => r.cpuRequestCoreHours],
  ['cpu_usage_core_hours', 'float8', r => r.cpuUsageCoreHours],
  ['memory_request_gib_hours', 'float8', r => r.memoryRequestGiBHours],
  ['memory_usage_gib_hours', 'float8', r => r.memoryUsageGiBHours],
  ['cpu_cost', 'float8', r => r.cpuCost],
  ['memory_cost', 'float8', r => r.memoryCost],
  ['cost', 'float8', r => r.cost],
  ['samples', 'int', r => r.samples],
  ['sampled_at', 'int8', r => r.sampledAt],
  ['demo', 'bool', r => r.demo],
];

/** Bulk load through unnest (the bench measures reads, not the collector's upserts). */
async function load(knex: Knex.Knex, rows: CostRow[]) {
  const sql = `INSERT INTO dyploma_cost_hourly (${COLUMNS.map(c => c[0]).join(
    ', ',
  )})
    SELECT * FROM unnest(${COLUMNS.map((c, i) => `$${i + 1}::${c[1]}[]`).join(
      ', ',
    )})`;
  const client = await knex.client.acquireConnection();
  try {
    await client.query(
      sql,
      COLUMNS.map(([, , get]) => rows.map(get)),
    );
  } finally {
    await knex.client.releaseConnection(client);
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function time(runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(i); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return {
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: ms[ms.length - 1],
    runs,
  };
}

async function main() {
  const days = Number(values.days);
  const admin = Knex({ client: 'pg', connection: `${values.url}/postgres` });
  await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.raw(`CREATE DATABASE ${DATABASE}`);
  const knex = Knex({
    client: 'pg',
    connection: `${values.url}/${DATABASE}`,
    pool: { min: 1, max: 4 },
  });
  try {
    const [{ version }] = (await knex.raw('SELECT version()')).rows;
    await knex.migrate.latest({
      directory: join(__dirname, '../../plugins/dyploma-backend/migrations'),
    });

    const now = new Date();
    const services = fleet();
    const last = hourOf(now);
    const first = last - days * 24 + 1;
    const t0 = Date.now();
    let rowCount = 0;
    for (let day = first; day <= last; day += 24) {
      const rows: CostRow[] = [];
      for (let h = day; h < Math.min(day + 24, last + 1); h++) {
        rows.push(
          ...demoHourRows({ hour: h, services, clusters, capacity }).map(r => ({
            ...r,
            demo: false,
          })),
        );
      }
      await load(knex, rows);
      rowCount += rows.length;
    }
    // The collector keeps the daily sums as it folds; a bulk load builds them once.
    const store = new DatabaseCostStore(knex);
    await store.rebuildDaily(first, last + 1);
    await knex.raw('VACUUM ANALYZE dyploma_cost_hourly');
    await knex.raw('VACUUM ANALYZE dyploma_cost_daily');
    const loadSeconds = (Date.now() - t0) / 1000;
    const [{ size, dailySize, dailyRows }] = (
      await knex.raw(`SELECT pg_size_pretty(pg_total_relation_size('dyploma_cost_hourly')) AS size,
        pg_size_pretty(pg_total_relation_size('dyploma_cost_daily')) AS "dailySize",
        (SELECT COUNT(*) FROM dyploma_cost_daily) AS "dailyRows"`)
    ).rows;
    console.log(
      `loaded ${rowCount} rows (${size}), ${dailyRows} daily rows (${dailySize}) in ${loadSeconds.toFixed(
        1,
      )} s`,
    );

    const reports = new CostReports(store, {
      groupParents: async () => groupParents,
      now: () => now,
    });
    const window = resolveWindow({ window: '30d' }, now);

    const sample = await reports.report({ groupBy: 'owner', window });
    const owners = await time(OWNER_RUNS, () =>
      reports.report({ groupBy: 'owner', window }),
    );
    console.log(
      `owners report 30d: p50 ${owners.p50.toFixed(
        1,
      )} ms, p95 ${owners.p95.toFixed(1)} ms`,
    );
    const card = await time(CARD_RUNS, i =>
      reports.service(`component:default/svc-${(i * 37) % SERVICES}`, window),
    );
    console.log(
      `service card 30d: p50 ${card.p50.toFixed(1)} ms, p95 ${card.p95.toFixed(
        1,
      )} ms`,
    );
    const services30 = await time(10, () =>
      reports.report({ groupBy: 'service', window }),
    );
    console.log(
      `services report 30d: p50 ${services30.p50.toFixed(
        1,
      )} ms, p95 ${services30.p95.toFixed(1)} ms`,
    );
    // The charts, as the router asks the store: the Cost page's 30 days by owner per day,
    // and a service card's 30 days by environment per day.
    const seriesQuery = {
      from: window.from,
      to: window.to,
      bucketHours: 24 as const,
    };
    const ownersChart = await time(OWNER_RUNS, () =>
      store.series({ ...seriesQuery, by: 'owner' }),
    );
    console.log(
      `owners chart 30d: p50 ${ownersChart.p50.toFixed(
        1,
      )} ms, p95 ${ownersChart.p95.toFixed(1)} ms`,
    );
    const cardChart = await time(CARD_RUNS, i =>
      store.series({
        ...seriesQuery,
        by: 'environment',
        serviceRef: `component:default/svc-${(i * 37) % SERVICES}`,
      }),
    );
    console.log(
      `service chart 30d: p50 ${cardChart.p50.toFixed(
        1,
      )} ms, p95 ${cardChart.p95.toFixed(1)} ms`,
    );
    // The plan of the owners report's one SQL statement, as the store sends it.
    let ownersSql: { sql: string; bindings: readonly unknown[] } | undefined;
    const capture = (q: { sql: string; bindings: readonly unknown[] }) => {
      ownersSql = q;
    };
    knex.on('query', capture);
    await reports.report({ groupBy: 'owner', window });
    knex.off('query', capture);
    // The event carries PostgreSQL's native $n placeholders: run it on the driver.
    const connection = await knex.client.acquireConnection();
    const plan = (
      await connection.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${ownersSql!.sql}`,
        ownersSql!.bindings,
      )
    ).rows
      .map((r: any) => r['QUERY PLAN'])
      .join('\n');
    await knex.client.releaseConnection(connection);

    const ok = (v: number, target: number) => (v <= target ? '✓' : '✗');
    const engineering = sample.items.find(
      i => i.key === 'group:default/engineering',
    );
    const md = `# Cost benchmark

\`\`\`sh
eval "$(scripts/env)"
node bench/cost/run.js        # writes bench/cost/RESULTS.md; about a minute
\`\`\`

Seed fleet: ${SERVICES} services, ${TEAMS} teams under ${DEPARTMENTS} departments under one
organisation, ${SYSTEMS} systems, 2,300 Deployments (service × environment × cluster) over
${
  CLUSTER_NAMES.length
} clusters with 1,600 nodes. ${days} days of hourly rows from the demo usage model,
bulk-loaded: **${rowCount.toLocaleString(
      'en-US',
    )} hourly rows** (${size}) and their daily sums,
${Number(dailyRows).toLocaleString(
  'en-US',
)} rows (${dailySize}), in ${loadSeconds.toFixed(1)} s.
Reports go through \`CostReports\` and \`DatabaseCostStore\` exactly as the router calls them
(each includes the previous 30 days for the trend, so it covers 60 days: whole days from
\`dyploma_cost_daily\`, the hours of the days a window boundary cuts from \`dyploma_cost_hourly\`).
The charts (\`GET /cost/series?step=day\`) read the window's 30 days the same way, without
the previous window.

Run ${now.toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${
      String(version).split(',')[0]
    }.

| Query | Target | p50 | p95 | max | runs |
|---|---|---|---|---|---|
| 30-day owners report (rolled up) | ≤ 500 ms | ${owners.p50.toFixed(
      1,
    )} ms ${ok(owners.p50, 500)} | ${owners.p95.toFixed(1)} ms ${ok(
      owners.p95,
      500,
    )} | ${owners.max.toFixed(1)} ms | ${owners.runs} |
| one service's card, 30 days | ≤ 50 ms | ${card.p50.toFixed(1)} ms ${ok(
      card.p50,
      50,
    )} | ${card.p95.toFixed(1)} ms ${ok(card.p95, 50)} | ${card.max.toFixed(
      1,
    )} ms | ${card.runs} |
| 30-day chart by owner, per day (Cost page) | ≤ 500 ms | ${ownersChart.p50.toFixed(
      1,
    )} ms ${ok(ownersChart.p50, 500)} | ${ownersChart.p95.toFixed(1)} ms ${ok(
      ownersChart.p95,
      500,
    )} | ${ownersChart.max.toFixed(1)} ms | ${ownersChart.runs} |
| one service's chart, 30 days per day (card) | ≤ 50 ms | ${cardChart.p50.toFixed(
      1,
    )} ms ${ok(cardChart.p50, 50)} | ${cardChart.p95.toFixed(1)} ms ${ok(
      cardChart.p95,
      50,
    )} | ${cardChart.max.toFixed(1)} ms | ${cardChart.runs} |
| 30-day services report (400 rows) | — | ${services30.p50.toFixed(
      1,
    )} ms | ${services30.p95.toFixed(1)} ms | ${services30.max.toFixed(
      1,
    )} ms | ${services30.runs} |

The owners report returned ${
      sample.items.length
    } groups; engineering (all of them) cost
${engineering?.cost.toFixed(
  2,
)} over 30 days, idle ${sample.total.idleCost.toFixed(2)}.

Plan of the owners report's SQL statement (one GROUP BY over daily sums and edge hours):

\`\`\`
${plan}
\`\`\`
`;
    writeFileSync(values.out!, md);
    console.log(`wrote ${values.out}`);
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
