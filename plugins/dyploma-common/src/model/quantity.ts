/*
 * Kubernetes resource quantities (apimachinery resource.Quantity), and the
 * mistakes people make with them: "2GB", "512m" of memory (millibytes!),
 * "500" CPUs meant as 500m.
 */

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
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

const QUANTITY =
  /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** The value in base units (bytes, cores), or undefined if not a quantity. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const num = Number(match[1]);
  const suffix = match[2] ?? '';
  if (/^[eE]/.test(suffix)) return num * 10 ** Number(suffix.slice(1));
  return num * SUFFIX[suffix];
}

const MIN_MEMORY = 4 * 2 ** 20;
const MAX_MEMORY = 2 ** 40;
const MAX_CPU = 64;

function spaced(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  return compact !== value ? `write ${compact} without spaces` : undefined;
}

/** The hint for a bad memory value, or undefined when it is fine. */
export function checkMemory(value: string | number): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0)
      return 'memory must be more than 0';
    if (value < MIN_MEMORY) {
      return Number.isInteger(value)
        ? `Kubernetes reads a bare number as bytes: write ${value}Mi or ${value}M`
        : 'write a size with a unit, such as 512Mi or 1Gi';
    }
    return value > MAX_MEMORY
      ? 'that is more than 1Ti; is the unit right?'
      : undefined;
  }
  const space = spaced(value);
  if (space && parseQuantity(value.replace(/\s+/g, '')) !== undefined)
    return space;
  const bytes = parseQuantity(value);
  if (bytes === undefined) {
    const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(value.trim());
    if (m) {
      const unit = m[2].toLowerCase().replace(/b$/, '');
      const letter = unit[0];
      if (
        unit.length >= 1 &&
        'kmgtpe'.includes(letter) &&
        (unit.length === 1 || unit === `${letter}i`)
      ) {
        const upper = letter === 'k' ? 'K' : letter.toUpperCase();
        const decimal = `${m[1]}${letter === 'k' ? 'k' : upper}`;
        const binary = `${m[1]}${upper}i`;
        return unit.endsWith('i')
          ? `Kubernetes writes this as ${binary}`
          : `Kubernetes writes this as ${decimal} or ${binary}`;
      }
    }
    return 'write a number with a unit: Ki, Mi, Gi (powers of 1024) or k, M, G (powers of 1000)';
  }
  if (bytes <= 0) return 'memory must be more than 0';
  if (bytes < MIN_MEMORY) {
    const m = /^(\d+(?:\.\d+)?)(m)?$/.exec(value);
    if (m?.[2])
      return `"m" means milli, so this is ${m[1]} thousandths of a byte: write ${m[1]}Mi or ${m[1]}M`;
    if (m)
      return `Kubernetes reads a bare number as bytes: write ${m[1]}Mi or ${m[1]}M`;
    return 'that is less than 4Mi, too little to run a container';
  }
  return bytes > MAX_MEMORY
    ? 'that is more than 1Ti; is the unit right?'
    : undefined;
}

/** The hint for a bad CPU value, or undefined when it is fine. */
export function checkCpu(value: string | number): string | undefined {
  const raw = typeof value === 'number' ? String(value) : value;
  const space = typeof value === 'string' ? spaced(value) : undefined;
  if (
    space &&
    parseQuantity(value.toString().replace(/\s+/g, '')) !== undefined
  )
    return space;
  const cores = parseQuantity(value);
  if (cores === undefined) {
    const m = /^(\d+(?:\.\d+)?)\s*(%|[A-Za-z]+)$/.exec(raw.trim());
    if (m) {
      const unit = m[2].toLowerCase();
      if (['core', 'cores', 'cpu', 'cpus', 'vcpu', 'vcpus'].includes(unit)) {
        return `write ${m[1]}: CPU is counted in cores`;
      }
      if (unit === '%') {
        return `write a share of a core in millicores: ${m[1]}% of a core is ${
          Number(m[1]) * 10
        }m`;
      }
      if (unit === 'mi' || unit === 'mc' || unit === 'millicores') {
        return `write ${m[1]}m: CPU is counted in cores (0.5, 2) or millicores (500m)`;
      }
    }
    return 'write cores (0.5, 2) or millicores (500m)';
  }
  if (
    typeof value === 'string' &&
    /(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/.test(value)
  ) {
    return `that is a memory unit; CPU is counted in cores (0.5, 2) or millicores (500m)`;
  }
  if (cores <= 0) return 'CPU must be more than 0';
  if (
    cores < 0.001 ||
    Math.abs(cores * 1000 - Math.round(cores * 1000)) > 1e-9
  ) {
    return 'the smallest step is 1m (a thousandth of a core)';
  }
  if (cores > MAX_CPU) {
    const plain = /^\d+$/.test(raw);
    return plain
      ? `that means ${raw} whole CPUs: did you mean ${raw}m?`
      : `that is more than ${MAX_CPU} CPUs; is the unit right?`;
  }
  return undefined;
}

/** CPU in the form the API server stores it: "500m", "2". */
export function canonicalCpu(value: string | number): string {
  const cores = parseQuantity(value);
  if (cores === undefined) return String(value);
  if (typeof value === 'string' && !/^\d*\.\d+$|^\d+\.$/.test(value))
    return value;
  return Number.isInteger(cores)
    ? String(cores)
    : `${Math.round(cores * 1000)}m`;
}

/** Memory as a string; a bare number of bytes stays a number of bytes. */
export function canonicalMemory(value: string | number): string {
  return String(value);
}
