import { COST_NOT_SHOWN } from '@dyploma/plugin-dyploma-common';

/** A cost, in the pricing's unit, with two decimals: `1,234.56`. */
export function formatCost(value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

/** A trend against the previous window: `+30%`, `−10%`, `new` without a previous cost. */
export function formatTrend(trend: number | null | undefined): string {
  if (trend === null || trend === undefined) return 'new';
  const pct = Math.round(trend * 100);
  if (pct === 0) return '±0%';
  return pct > 0 ? `+${pct}%` : `−${Math.abs(pct)}%`;
}

/** A ratio as a percentage, `—` when nothing was requested. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  return `${Math.round(ratio * 100)}%`;
}

/** `component:default/payments` → `payments`; other namespaces stay: `ops/payments`. */
export function shortRef(ref: string | null | undefined): string {
  if (!ref) return '(none)';
  const match = /^[^:]+:(?:([^/]+)\/)?(.+)$/.exec(ref);
  if (!match) return ref;
  const [, namespace, name] = match;
  return namespace && namespace !== 'default' ? `${namespace}/${name}` : name;
}

/**
 * The name of a cost line, series or item: its short ref, or for the services the catalog
 * does not show the caller (counted in their group's cost, never named), how many.
 */
export function costKeyLabel(
  key: string | null | undefined,
  hiddenServices?: number,
): string {
  if (key !== COST_NOT_SHOWN) return shortRef(key);
  if (hiddenServices === undefined) return 'not shown to you';
  return `${hiddenServices} ${
    hiddenServices === 1 ? 'service' : 'services'
  } not shown to you`;
}

/** Hours of a window in words: `24 h`, `7 days`, `30 days`. */
export function windowLabel(hours: number): string {
  if (hours % 24 !== 0) return `${hours} h`;
  const days = hours / 24;
  return days === 1 ? '24 h' : `${days} days`;
}

/** Does a cost answer carry no rows at all? */
export function isEmptyCost(cost: {
  cost: number;
  previousCost: number;
  month?: { toDate: number };
}): boolean {
  return cost.cost === 0 && cost.previousCost === 0 && !cost.month?.toDate;
}
