import { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors } from '../api/status';

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown) {
  const err = e instanceof ApiError ? e : errors.internal(e instanceof Error ? e.message : String(e));
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code, err.status, err.headers);
}

const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string>;
export async function readBody(req: IncomingMessage, raw: true): Promise<Buffer>;
export async function readBody(req: IncomingMessage, raw = false): Promise<string | Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' });
    chunks.push(chunk);
  }
  const buf = Buffer.concat(chunks);
  return raw ? buf : buf.toString('utf8');
}

export function parseJson(text: string, what = 'the object'): any {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding ${what}: ${(e as Error).message}`);
  }
}

/** Clients ask for server-side printing with `as=Table` in the Accept header. */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return /as=Table/.test(accept);
}
