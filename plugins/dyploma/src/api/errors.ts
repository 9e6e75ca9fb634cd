import { ResponseError } from '@backstage/errors';
import type {
  DyplomaErrorResponse,
  ModelProblem,
  Order,
} from '@dyploma/plugin-dyploma-common';

function body(error: unknown): Partial<DyplomaErrorResponse> | undefined {
  if (error instanceof ResponseError) {
    return error.body as Partial<DyplomaErrorResponse>;
  }
  return undefined;
}

/** The field-pathed problems of a 400, if the error carries any. */
export function problemsOf(error: unknown): ModelProblem[] {
  return body(error)?.problems ?? [];
}

/** The running order a 409 carries, if any. */
export function activeOrderOf(error: unknown): Order | undefined {
  return body(error)?.activeOrder;
}

/** The server's own message (not "Request failed with 400"), else the error's. */
export function errorMessage(error: unknown): string {
  const server = body(error)?.error?.message;
  if (server) return server;
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status of a failed request, if known. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}
