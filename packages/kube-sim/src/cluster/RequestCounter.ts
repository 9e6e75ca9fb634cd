/**
 * API request counts by verb and resource, like the apiserver_request_total
 * metric (verb `apply` for server-side apply PATCHes, `watch` for watches).
 * Tests use it to prove "0 API calls per page view" or "exactly one apply".
 */
export interface RequestCount {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  count: number;
}

export class RequestCounter {
  private readonly counts = new Map<string, RequestCount>();

  record(verb: string, group: string, resource: string, subresource?: string) {
    const key = `${verb} ${group}/${resource}${subresource ? `/${subresource}` : ''}`;
    const c = this.counts.get(key);
    if (c) c.count++;
    else this.counts.set(key, { verb, group, resource, ...(subresource ? { subresource } : {}), count: 1 });
  }

  /** Count for a verb and resource (any group); `*` matches every verb. */
  get(verb: string, resource: string, subresource?: string): number {
    let n = 0;
    for (const c of this.counts.values()) {
      if ((verb === '*' || c.verb === verb) && c.resource === resource && c.subresource === subresource) n += c.count;
    }
    return n;
  }

  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c.count;
    return n;
  }

  list(): RequestCount[] {
    return [...this.counts.values()].map(c => ({ ...c }));
  }

  reset() {
    this.counts.clear();
  }
}
