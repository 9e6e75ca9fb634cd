/*
 * Cron schedules as Kubernetes CronJobs read them (robfig/cron standard
 * parser): five fields, names for months and weekdays, and the @ macros.
 */

const MACROS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];
const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, offset: 1 },
  { name: 'day of week', min: 0, max: 6, names: DAYS, offset: 0 },
] as const;

type Field = (typeof FIELDS)[number];

function value(field: Field, token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  if ('names' in field) {
    const i = (field.names as readonly string[]).indexOf(token.toLowerCase());
    if (i >= 0) return i + field.offset;
  }
  return undefined;
}

function checkField(field: Field, text: string): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) {
      return `the ${field.name} field "${text}" has a bad step; write e.g. */5`;
    }
    if (range === '*' || (range === '?' && field.name.startsWith('day')))
      continue;
    const bounds = range.split('-');
    if (bounds.length > 2 || bounds.some(b => b === '')) {
      return `the ${field.name} field "${text}" is not a number, a range or *`;
    }
    for (const b of bounds) {
      const v = value(field, b);
      if (v === undefined)
        return `the ${field.name} field "${text}" is not a number, a range or *`;
      if (v < field.min || v > field.max) {
        return `the ${field.name} ${b} is out of range ${field.min}-${field.max}`;
      }
    }
  }
  return undefined;
}

/** The hint for a bad schedule, or undefined when it is fine. */
export function checkSchedule(schedule: string): string | undefined {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) {
    return 'Kubernetes does not read a time zone in the schedule: set timeZone instead';
  }
  if (s.startsWith('@')) {
    if (MACROS.includes(s) || /^@every \d+(ms|s|m|h)(\d+(ms|s|m|h))*$/.test(s))
      return undefined;
    return `write one of ${MACROS.join(', ')} or five fields`;
  }
  const parts = s.split(/\s+/);
  if (parts.length === 6) {
    return 'Kubernetes schedules have 5 fields (minute hour day-of-month month day-of-week), without seconds';
  }
  if (parts.length !== 5) {
    return `write 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`;
  }
  for (let i = 0; i < 5; i++) {
    const problem = checkField(FIELDS[i], parts[i]);
    if (problem) return problem;
  }
  return undefined;
}

/** The hint for a bad IANA time zone name, or undefined when it is fine. */
export function checkTimeZone(zone: string): string | undefined {
  try {
    // Throws a RangeError for a zone the IANA database does not know.
    const format = new Intl.DateTimeFormat('en', { timeZone: zone });
    format.format(0);
    return /^[A-Za-z]/.test(zone) ? undefined : 'use an IANA time zone name';
  } catch {
    return 'use an IANA time zone name such as Europe/Paris or UTC';
  }
}
