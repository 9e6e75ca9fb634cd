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

import {
  COST_NOT_SHOWN,
  type CostLine,
  type CostReport,
} from '@dyploma/plugin-dyploma-common';
import { addAllocation, emptyAllocation, shareIdle } from './allocation';
import {
  AggregateRow,
  CostStore,
  Dimension,
  SeriesPoint,
  SeriesQuery,
} from './CostStore';
import { descendants, GroupParents, rollUp, shownParents } from './ownership';
import { applyScope, CostScope, scopedBy } from './scope';
import { Allocation } from './types';
import {
  HourWindow,
  monthOf,
  previousWindow,
  projectMonth,
  trend,
  windowTimes,
} from './windows';

/** Right-sizing sets requests to average usage × this margin (the VPA's +15%). */
export const RIGHT_SIZE_MARGIN = 1.15;
/** Hours in an average month, as cloud price lists count them. */
export const HOURS_PER_MONTH = 730;

/** One line of a report, and a report, as the API answers them (types shared with the UI). */
export type { CostLine } from '@dyploma/plugin-dyploma-common';
export type Report = CostReport;

type Line = Allocation & { previousCost: number; idleShare: number };

const zeroLine = (): Line => ({
  ...emptyAllocation(),
  previousCost: 0,
  idleShare: 0,
});
const addLine = (a: Line, b: Line): Line => ({
  ...addAllocation(a, b),
  previousCost: a.previousCost + b.previousCost,
  idleShare: a.idleShare + b.idleShare,
});

const ratio = (used: number, requested: number) =>
  requested > 0 ? used / requested : null;

function toCostLine(key: string | null, l: Line): CostLine {
  return {
    key,
    cpuRequestCoreHours: l.cpuRequestCoreHours,
    cpuUsageCoreHours: l.cpuUsageCoreHours,
    memoryRequestGiBHours: l.memoryRequestGiBHours,
    memoryUsageGiBHours: l.memoryUsageGiBHours,
    cpuCost: l.cpuCost,
    memoryCost: l.memoryCost,
    cost: l.cost,
    previousCost: l.previousCost,
    trend: trend(l.cost, l.previousCost),
    efficiency: {
      cpu: ratio(l.cpuUsageCoreHours, l.cpuRequestCoreHours),
      memory: ratio(l.memoryUsageGiBHours, l.memoryRequestGiBHours),
    },
  };
}

const byCostDesc = (a: { cost: number }, b: { cost: number }) =>
  b.cost - a.cost;

/**
 * Reports over the hourly rows: each is one GROUP BY in the database, folded here. Nothing
 * here reads a cluster. Each takes the caller's `scope` (see `CostScope`): without one,
 * every row counts.
 */
export class CostReports {
  constructor(
    private readonly store: CostStore,
    private readonly options: {
      /** Group → parent group, for owner rollups; default none. */
      groupParents?: () => Promise<GroupParents>;
      now?: () => Date;
    } = {},
  ) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** Group → parent group, as the catalog says now. */
  async parents(): Promise<GroupParents> {
    return (await this.options.groupParents?.()) ?? new Map();
  }

  /**
   * Cost by one dimension over a window, with the previous window's cost for the trend.
   * Idle cost is reported apart (per cluster or datacenter in `idleCost`), or with
   * `shareIdle` divided over what ran in each cluster in proportion to its CPU and memory
   * cost (the previous window's idle by total cost). Owners are rolled up to parent groups.
   * Scoped, idle is shared over every service as unscoped, and the share of a service that
   * does not count leaves with it.
   */
  async report(options: {
    groupBy: Dimension;
    window: HourWindow;
    shareIdle?: boolean;
    scope?: CostScope;
  }): Promise<Report> {
    const { groupBy, window, scope } = options;
    const share = options.shareIdle ?? false;
    const prev = previousWindow(window);
    const perCluster = groupBy !== 'cluster' && groupBy !== 'datacenter';
    // Scoped, whether a row counts depends on the groups above its owner too.
    const parents =
      scope || groupBy === 'owner' ? await this.parents() : undefined;
    const { rows, visible } = await applyScope(
      await this.store.aggregate({
        by: scopedBy(perCluster ? [groupBy, 'cluster'] : [groupBy], scope),
        from: window.from,
        to: window.to,
        previousFrom: prev.from,
      }),
      scope,
      { parents },
    );

    const lines = new Map<string | null, Line>();
    const idleByKey = new Map<string | null, AggregateRow>();
    const line = (key: string | null) => {
      let l = lines.get(key);
      if (!l) {
        l = zeroLine();
        lines.set(key, l);
      }
      return l;
    };
    // The services the `COST_NOT_SHOWN` line sums.
    const hidden = new Set<string>();
    let idleCost = 0;
    let idlePrevious = 0;
    let uncountedShare = 0;
    for (const r of rows) {
      if (r.idle) {
        idleCost += r.cost;
        idlePrevious += r.previousCost;
        idleByKey.set(perCluster ? r.keys.cluster! : r.keys[groupBy]!, r);
        continue;
      }
      if (!r.counted) continue;
      const key = r.keys[groupBy] ?? null;
      lines.set(key, addLine(line(key), { ...r, idleShare: 0 }));
      if (r.hiddenService && key === COST_NOT_SHOWN) {
        hidden.add(r.hiddenService);
      }
    }

    if (share) {
      if (perCluster) {
        // Share each cluster's idle over the groups that ran there.
        const allocated = rows.filter(r => !r.idle);
        for (const [cluster, idle] of idleByKey) {
          const here = allocated.filter(r => r.keys.cluster === cluster);
          const shares = shareIdle(here, idle);
          const prevTotal = here.reduce((s, r) => s + r.previousCost, 0);
          for (const [i, r] of here.entries()) {
            // Shared over every service as for everyone: a service that does not count
            // takes its share with it rather than leave it to the others.
            if (!r.counted) {
              uncountedShare += shares[i];
              continue;
            }
            const l = line(r.keys[groupBy] ?? null);
            l.idleShare += shares[i];
            l.cost += shares[i];
            if (prevTotal > 0) {
              l.previousCost +=
                (idle.previousCost * r.previousCost) / prevTotal;
            }
          }
        }
      } else {
        for (const [key, idle] of idleByKey) {
          const l = line(key);
          l.idleShare += idle.cost;
          l.cost += idle.cost;
          l.previousCost += idle.previousCost;
        }
      }
    }

    let items: CostLine[];
    if (groupBy === 'owner') {
      // Owners are the groups the caller may see (see applyScope), rolled up their tree.
      items = this.rollUpOwners(
        lines,
        visible ? shownParents(parents!, visible) : parents!,
      );
    } else {
      items = [...lines].map(([key, l]) => {
        const item = toCostLine(key, l);
        if (key === COST_NOT_SHOWN) item.hiddenServices = hidden.size;
        if (share) item.idleShare = l.idleShare;
        if (!perCluster && !share) {
          item.idleCost = idleByKey.get(key)?.cost ?? 0;
        }
        return item;
      });
    }
    // Clusters with only idle cost still appear in cluster and datacenter reports.
    if (!perCluster && !share) {
      for (const [key, idle] of idleByKey) {
        if (!lines.has(key)) {
          items.push({ ...toCostLine(key, zeroLine()), idleCost: idle.cost });
        }
      }
    }
    items.sort(byCostDesc);

    const totals = [...lines.values()].reduce(addLine, zeroLine());
    return {
      groupBy,
      window: windowTimes(window),
      previousWindow: windowTimes(prev),
      shareIdle: share,
      items,
      total: {
        cost: totals.cost,
        previousCost: totals.previousCost,
        trend: trend(totals.cost, totals.previousCost),
        idleCost: share
          ? idleCost - totals.idleShare - uncountedShare
          : idleCost,
      },
      demo: rows.some(r => r.counted && r.demo),
    };
  }

  private rollUpOwners(
    lines: Map<string | null, Line>,
    parents: GroupParents,
  ): CostLine[] {
    const owned = new Map(
      [...lines].filter((e): e is [string, Line] => e[0] !== null),
    );
    const rolled = rollUp(owned, parents, zeroLine, addLine);
    const items = [...rolled].map(([group, { own, total }]) => ({
      ...toCostLine(group, total),
      ownCost: own.cost,
    }));
    const none = lines.get(null);
    if (none) items.push({ ...toCostLine(null, none), ownCost: none.cost });
    return items;
  }

  /**
   * One service's card: window cost and trend, month projection, split by environment and
   * cluster. A service the scope does not show answers as one without rows: the caller
   * named it, so nothing may tell them it exists.
   */
  async service(serviceRef: string, window: HourWindow, scope?: CostScope) {
    const now = this.now();
    const month = monthOf(now);
    const prev = previousWindow(window);
    const shown = !scope || (await scope([serviceRef])).has(serviceRef);
    const rows = shown
      ? await this.store.aggregate({
          by: ['environment', 'cluster', 'datacenter'],
          from: window.from,
          to: window.to,
          previousFrom: prev.from,
          monthFrom: month.from,
          serviceRef,
        })
      : [];
    const sum = (pick: (r: AggregateRow) => string | null) => {
      const out = new Map<string | null, Line>();
      for (const r of rows) {
        const k = pick(r);
        out.set(k, addLine(out.get(k) ?? zeroLine(), { ...r, idleShare: 0 }));
      }
      return [...out]
        .map(([k, l]) => toCostLine(k, l))
        .filter(l => l.cost > 0 || l.previousCost > 0)
        .sort(byCostDesc);
    };
    const total = toCostLine(
      serviceRef,
      rows.reduce<Line>(
        (a, r) => addLine(a, { ...r, idleShare: 0 }),
        zeroLine(),
      ),
    );
    const monthToDate = rows.reduce((s, r) => s + r.monthCost, 0);
    return {
      serviceRef,
      window: windowTimes(window),
      previousWindow: windowTimes(prev),
      ...total,
      month: {
        toDate: monthToDate,
        projected: projectMonth(monthToDate, now),
        hours: month.hours,
        elapsedHours: month.elapsedHours,
      },
      byEnvironment: sum(r => r.keys.environment ?? null),
      byCluster: sum(r => r.keys.cluster ?? null).map(l => ({
        ...l,
        datacenter:
          rows.find(r => r.keys.cluster === l.key)?.keys.datacenter ?? null,
      })),
      demo: rows.some(r => r.demo),
    };
  }

  /**
   * A group's card: its cost with its sub-groups', projected month, its services ranked.
   * Scoped, the services the caller may not see are one line (`COST_NOT_SHOWN`, no
   * owner), a sub-group the catalog hides from them is not listed (its cost is the
   * nearest listed group's own, its visible sub-groups are listed under that group), and
   * a group it hides answers as one without rows: the caller named it, so nothing may
   * tell them it exists.
   */
  async owner(groupRef: string, window: HourWindow, scope?: CostScope) {
    const now = this.now();
    const month = monthOf(now);
    const prev = previousWindow(window);
    const parents = await this.parents();
    const groups = descendants(groupRef, parents);
    const scoped = await applyScope(
      await this.store.aggregate({
        by: ['service', 'owner'],
        from: window.from,
        to: window.to,
        previousFrom: prev.from,
        monthFrom: month.from,
        ownerRefs: groups,
      }),
      scope,
      { parents, alsoAsk: groups },
    );
    const shown = !scoped.visible || scoped.visible.has(groupRef);
    const tree = scoped.visible
      ? shownParents(parents, scoped.visible)
      : parents;
    const rows = shown ? scoped.rows.filter(r => r.counted) : [];
    const notShown = rows.filter(r => r.hiddenService);
    const services = [
      ...rows
        .filter(r => !r.hiddenService)
        .map(r => ({
          ...toCostLine(r.keys.service ?? null, { ...r, idleShare: 0 }),
          ownerRef: r.keys.owner ?? null,
        })),
      ...(notShown.length > 0
        ? [
            {
              ...toCostLine(
                COST_NOT_SHOWN,
                notShown.reduce<Line>(
                  (a, r) => addLine(a, { ...r, idleShare: 0 }),
                  zeroLine(),
                ),
              ),
              ownerRef: null,
              hiddenServices: new Set(notShown.map(r => r.hiddenService)).size,
            },
          ]
        : []),
    ]
      .filter(l => l.cost > 0 || l.previousCost > 0)
      .sort(byCostDesc);
    const total = rows.reduce<Line>(
      (a, r) => addLine(a, { ...r, idleShare: 0 }),
      zeroLine(),
    );
    const own = new Map<string, Line>();
    for (const r of rows) {
      const g = r.keys.owner!;
      own.set(g, addLine(own.get(g) ?? zeroLine(), { ...r, idleShare: 0 }));
    }
    const rolled = rollUp(own, tree, zeroLine, addLine);
    const children = (shown ? groups : [])
      .filter(g => tree.get(g) === groupRef)
      .map(g => toCostLine(g, rolled.get(g)?.total ?? zeroLine()))
      .sort(byCostDesc);
    const monthToDate = rows.reduce((s, r) => s + r.monthCost, 0);
    return {
      ownerRef: groupRef,
      window: windowTimes(window),
      previousWindow: windowTimes(prev),
      ...toCostLine(groupRef, total),
      ownCost: own.get(groupRef)?.cost ?? 0,
      month: {
        toDate: monthToDate,
        projected: projectMonth(monthToDate, now),
        hours: month.hours,
        elapsedHours: month.elapsedHours,
      },
      services,
      groups: children,
      demo: rows.some(r => r.demo),
    };
  }

  /**
   * Cost per hour or day (see `CostStore.series`); `ownerRef`: of the group and every
   * group below it. Scoped: of one service (`serviceRef`) or group (`ownerRef`), nothing
   * unless the caller may see it; otherwise each point counts as a report's row, a hidden
   * service's under `COST_NOT_SHOWN` when grouped by service or system, a hidden group's
   * under the nearest group above it the caller may see when grouped by owner.
   */
  async series(
    query: Omit<SeriesQuery, 'ownerRefs'> & { ownerRef?: string },
    scope?: CostScope,
  ): Promise<SeriesPoint[]> {
    const { ownerRef, ...rest } = query;
    const parents =
      scope || ownerRef !== undefined ? await this.parents() : undefined;
    const storeQuery: SeriesQuery = {
      ...rest,
      ...(ownerRef !== undefined && {
        ownerRefs: descendants(ownerRef, parents!),
      }),
    };
    if (!scope) return this.store.series(storeQuery);
    if (
      query.serviceRef !== undefined &&
      !(await scope([query.serviceRef])).has(query.serviceRef)
    ) {
      return [];
    }
    const { rows, visible } = await applyScope(
      await this.store.series({ ...storeQuery, split: ['service', 'owner'] }),
      scope,
      { parents, alsoAsk: ownerRef !== undefined ? [ownerRef] : [] },
    );
    if (ownerRef !== undefined && !visible!.has(ownerRef)) return [];
    const renamed = query.by === 'service' || query.by === 'system';
    const points = new Map<string, SeriesPoint>();
    for (const p of rows) {
      if (!p.counted) continue;
      let key = p.key;
      if (p.hiddenService && renamed) key = COST_NOT_SHOWN;
      // A hidden owner's cost is the nearest visible group's (see applyScope).
      else if (query.by === 'owner' && !p.idle) key = p.keys?.owner ?? null;
      const id = JSON.stringify([p.bucket, key, p.idle]);
      const point = points.get(id);
      if (point) {
        point.cost += p.cost;
        point.demo ||= p.demo;
      } else {
        points.set(id, {
          bucket: p.bucket,
          key,
          idle: p.idle,
          cost: p.cost,
          demo: p.demo,
        });
      }
    }
    return [...points.values()].sort((a, b) => a.bucket - b.bucket);
  }

  /**
   * Services whose request is at least twice their usage (efficiency ≤ `maxEfficiency`,
   * default 0.5) for CPU or memory, with the monthly saving if that resource's request were
   * right-sized to the window's average usage × 1.15: the resource's cost × (1 − 1.15 ×
   * efficiency), per hour of the window × 730. Hourly rows keep averages, not peaks, so
   * the target is the average (the VPA's cost-optimised profile), not a P95.
   */
  async overProvisioned(options: {
    window: HourWindow;
    maxEfficiency?: number;
    scope?: CostScope;
  }) {
    const max = options.maxEfficiency ?? 0.5;
    const hours = options.window.to - options.window.from;
    const { rows } = await applyScope(
      await this.store.aggregate({
        by: ['service', 'owner'],
        from: options.window.from,
        to: options.window.to,
      }),
      options.scope,
      { parents: options.scope ? await this.parents() : undefined },
    );
    // A list of services to act on: only those the caller may see, by name.
    const items = rows
      .filter(
        r =>
          r.counted &&
          !r.hiddenService &&
          !r.idle &&
          r.keys.service !== '__unallocated__',
      )
      .map(r => {
        const line = toCostLine(r.keys.service ?? null, {
          ...r,
          previousCost: 0,
          idleShare: 0,
        });
        const saving = (cost: number, efficiency: number | null) =>
          efficiency !== null && efficiency <= max
            ? Math.max(0, cost * (1 - RIGHT_SIZE_MARGIN * efficiency))
            : 0;
        const cpu = saving(line.cpuCost, line.efficiency.cpu);
        const memory = saving(line.memoryCost, line.efficiency.memory);
        const perMonth = (x: number) => (x / hours) * HOURS_PER_MONTH;
        return {
          serviceRef: line.key,
          ownerRef: r.keys.owner ?? null,
          cost: line.cost,
          efficiency: line.efficiency,
          monthlySaving: {
            cpu: perMonth(cpu),
            memory: perMonth(memory),
            total: perMonth(cpu + memory),
          },
        };
      })
      .filter(i => i.monthlySaving.total > 0)
      .sort((a, b) => b.monthlySaving.total - a.monthlySaving.total);
    return {
      window: windowTimes(options.window),
      maxEfficiency: max,
      rightSizeTo: 'average usage × 1.15',
      items,
      demo: rows.some(r => r.counted && r.demo),
    };
  }
}

/** CSV of a report, a header row first; figures unrounded. */
export function reportToCsv(report: Report): string {
  const header = [
    report.groupBy,
    'cost',
    'previous_cost',
    'trend',
    'cpu_cost',
    'memory_cost',
    'cpu_request_core_hours',
    'cpu_usage_core_hours',
    'memory_request_gib_hours',
    'memory_usage_gib_hours',
    'cpu_efficiency',
    'memory_efficiency',
    'idle_cost',
    'idle_share',
    'own_cost',
    'hidden_services',
  ];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    // Sums of floats carry binary noise (0.156 + ... = 0.15600000000000003): a spreadsheet
    // shows it as typed, so numbers are written at 12 significant digits, exact otherwise.
    const s =
      typeof v === 'number' ? String(Number(v.toPrecision(12))) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = report.items.map(i =>
    [
      i.key,
      i.cost,
      i.previousCost,
      i.trend,
      i.cpuCost,
      i.memoryCost,
      i.cpuRequestCoreHours,
      i.cpuUsageCoreHours,
      i.memoryRequestGiBHours,
      i.memoryUsageGiBHours,
      i.efficiency.cpu,
      i.efficiency.memory,
      i.idleCost,
      i.idleShare,
      i.ownCost,
      i.hiddenServices,
    ]
      .map(cell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
