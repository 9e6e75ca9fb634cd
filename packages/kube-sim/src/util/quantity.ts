/**
 * Kubernetes resource quantities ("100m", "1.5", "128Mi", "1e3"). The API
 * server rejects anything else, and the scheduler sums requests as numbers.
 */
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && QUANTITY.test(value);
}

/** Parses a quantity to a number of base units (cores, bytes). */
export function parseQuantity(value: string | number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = QUANTITY.exec(value);
  if (!m) throw new Error(`quantities must match the regular expression '${QUANTITY.source}'`);
  const [, num, suffix = ''] = m;
  const mult = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(num) * mult;
}

/** Formats CPU cores as the metrics API does (nanocores / millicores). */
export function formatCpu(cores: number): string {
  const n = Math.round(cores * 1e9);
  return `${n}n`;
}

/** Formats bytes as the metrics API does (Ki). */
export function formatMemory(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}
