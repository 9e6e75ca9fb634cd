/**
 * A de-duplicating work queue, like client-go's: a key queued many times
 * before it is processed is processed once, on the next tick. Errors are
 * retried after a short delay so a conflict never wedges a controller.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly work: (key: string) => void, private readonly onError: (key: string, e: unknown) => void = (key, e) => {
      // A bug, not a conflict: say so once per key rather than failing silently.
      if (!(e as any)?.status) process.stderr.write(`kube-sim controller error on ${key}: ${(e as Error)?.stack ?? e}\n`);
    }) {}

  add(key: string) {
    if (this.stopped) return;
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain() {
    this.scheduled = false;
    if (this.stopped) return;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      try {
        this.work(key);
      } catch (e) {
        this.onError(key, e);
        setTimeout(() => this.add(key), 20);
      }
    }
  }

  stop() {
    this.stopped = true;
    this.pending.clear();
  }
}

export const nsKey = (o: any) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
export const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

/** The controller owner reference of an object, if any. */
export function controllerOf(o: any): any | undefined {
  return (o.metadata.ownerReferences ?? []).find((r: any) => r.controller);
}

export function ownerRef(owner: any) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
