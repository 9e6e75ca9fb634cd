/**
 * `Status` objects with the shapes `k8s.io/apimachinery/pkg/api/errors`
 * produces, so clients that switch on `reason` or `code` behave as they would
 * against a real API server.
 */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** An error that the HTTP layer turns into a Status response. */
export class ApiError extends Error {
  constructor(readonly body: Status, readonly headers: Record<string, string> = {}) {
    super(body.message);
  }
  get status(): Status {
    return this.body;
  }
  get code() {
    return this.body.code;
  }
}

function status(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

/** "deployments.apps" or "pods" — the qualified resource name used in messages. */
export interface ResourceName {
  plural: string;
  group: string;
}
export const qualified = (r: ResourceName) => (r.group ? `${r.plural}.${r.group}` : r.plural);

export const errors = {
  notFound(r: ResourceName, name: string) {
    return new ApiError(
      status(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, group: r.group, kind: r.plural }),
    );
  },
  alreadyExists(r: ResourceName, name: string) {
    return new ApiError(
      status(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, {
        name,
        group: r.group,
        kind: r.plural,
      }),
    );
  },
  conflict(r: ResourceName, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') {
    return new ApiError(
      status(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, {
        name,
        group: r.group,
        kind: r.plural,
      }),
    );
  },
  /** Server-side apply conflict: one cause per contested field. */
  applyConflict(message: string, causes: StatusCause[]) {
    return new ApiError(status(409, 'Conflict', message, { causes }));
  },
  invalid(kind: string, group: string, name: string, causes: StatusCause[]) {
    const gk = group ? `${kind}.${group}` : kind;
    const parts = causes.map(c => (c.field ? `${c.field}: ${c.message}` : c.message));
    const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
    return new ApiError(
      status(422, 'Invalid', `${gk} "${name}" is invalid: ${joined}`, { name, group, kind, causes }),
    );
  },
  badRequest(message: string) {
    return new ApiError(status(400, 'BadRequest', message));
  },
  unauthorized() {
    return new ApiError(status(401, 'Unauthorized', 'Unauthorized'));
  },
  forbidden(r: ResourceName, verb: string, user: string, namespace: string | undefined, name?: string) {
    const subject = name ? `${qualified(r)} "${name}"` : qualified(r);
    const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    return new ApiError(
      status(
        403,
        'Forbidden',
        `${subject} is forbidden: User "${user}" cannot ${verb} resource "${r.plural}" in API group "${r.group}"${where}`,
        { name, group: r.group, kind: r.plural },
      ),
    );
  },
  methodNotAllowed(message = 'the server does not allow this method on the requested resource') {
    return new ApiError(status(405, 'MethodNotAllowed', message));
  },
  notFoundPath() {
    return new ApiError(status(404, 'NotFound', 'the server could not find the requested resource', {}));
  },
  unsupportedMediaType(type: string) {
    return new ApiError(status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${type})`));
  },
  expired(message: string) {
    return new ApiError(status(410, 'Expired', message));
  },
  tooManyRequests() {
    return new ApiError(
      status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }),
      { 'Retry-After': '1' },
    );
  },
  internal(message = 'an error on the server ("injected fault") has prevented the request from succeeding') {
    return new ApiError(status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: 'UnexpectedServerResponse', message }] }));
  },
  unavailable(message = 'the server is currently unable to handle the request') {
    return new ApiError(status(503, 'ServiceUnavailable', message));
  },
};

export function successStatus(details?: StatusDetails): Status & { status: 'Success' } {
  const s = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200, details } as any;
  return s;
}
