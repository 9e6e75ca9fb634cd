/** Pod status helpers shared by controllers and the table printer. */

/** The STATUS column kubectl prints (printers.go printPod). */
export function podStatusReason(pod: any): string {
  let reason: string = pod.status?.reason || pod.status?.phase || 'Pending';
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`;
    else if (c.ready && c.state?.running) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata?.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

export function condition(obj: any, type: string): any | undefined {
  return (obj?.status?.conditions ?? []).find((c: any) => c.type === type);
}

export function isPodReady(pod: any): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (simulated), as the ReplicaSet controller counts availability. */
export function isPodAvailable(pod: any, minReadySeconds: number, simSince: (iso: string) => number): boolean {
  const ready = condition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  return simSince(ready.lastTransitionTime) >= minReadySeconds * 1000;
}

export function isPodActive(pod: any): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** Sets a condition, keeping lastTransitionTime when the status did not change. */
export function setCondition(status: any, cond: { type: string; status: string; reason?: string; message?: string }, now: string, extra: Record<string, string> = {}) {
  const list: any[] = (status.conditions ??= []);
  const i = list.findIndex(c => c.type === cond.type);
  const prev = i >= 0 ? list[i] : undefined;
  // Unchanged conditions keep every timestamp, so re-syncs do not rewrite the object.
  if (prev && prev.status === cond.status && prev.reason === cond.reason && prev.message === cond.message) return;
  const next: any = { type: cond.type, status: cond.status, ...extra };
  if (prev && 'lastProbeTime' in prev && !('lastProbeTime' in extra)) next.lastProbeTime = prev.lastProbeTime;
  if (cond.reason) next.reason = cond.reason;
  if (cond.message) next.message = cond.message;
  next.lastTransitionTime = prev && prev.status === cond.status ? prev.lastTransitionTime : now;
  if (i >= 0) list[i] = next;
  else list.push(next);
}
