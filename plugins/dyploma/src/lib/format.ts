/** `user:default/jane` → `jane`; other kinds keep their kind. */
export function shortRef(ref: string | undefined): string {
  if (!ref) return 'unknown';
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(ref);
  if (!match) return ref;
  const [, kind, namespace, name] = match;
  const ns = namespace && namespace !== 'default' ? `${namespace}/` : '';
  return kind === 'user' ? `${ns}${name}` : `${kind}:${ns}${name}`;
}

/** A time as the user reads it, `2026-11-23 21:13`, in their zone. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** How long ago, `5m`, `3h`, `2d`; for pod ages. */
export function age(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const ms = now.getTime() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** A value of a release or a model for a table cell. */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
