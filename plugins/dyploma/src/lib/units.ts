/** Millicores as people read them: `250m`, `1.5 cores`. */
export function cpu(millicores: number | undefined): string {
  if (millicores === undefined) return '—';
  return millicores >= 1000
    ? `${+(millicores / 1000).toFixed(2)} cores`
    : `${Math.round(millicores)}m`;
}

/** Bytes as people read them: `512Mi`, `1.5Gi`. */
export function memory(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const mi = bytes / 1024 / 1024;
  return mi >= 1024 ? `${+(mi / 1024).toFixed(2)}Gi` : `${Math.round(mi)}Mi`;
}

/** `120m / 250m (48%)`: use against request. */
export function againstRequest(
  usage: number | undefined,
  request: number | undefined,
  show: (n: number | undefined) => string,
): string {
  if (usage === undefined && request === undefined) return '—';
  const pct =
    usage !== undefined && request
      ? ` (${Math.round((usage / request) * 100)}%)`
      : '';
  return `${show(usage)} / ${show(request)}${pct}`;
}
