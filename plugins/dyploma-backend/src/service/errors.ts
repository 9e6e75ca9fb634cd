/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { InputError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';
import { ActiveOrderConflictError } from '../database/DatabaseOrderStore';
import { ProblemsError } from './access';
import { toApiOrder } from './serialize';

/** The body limit of the API; an order is a few hundred bytes. */
export const BODY_LIMIT = '256kb';

type BodyParserError = Error & {
  type?: string;
  status?: number;
  length?: number;
  limit?: number;
};

/**
 * express.json's errors as 400s a user can act on: too large (413 by default) and
 * malformed JSON (a SyntaxError) become InputErrors for Backstage's error middleware.
 */
export const bodyParserErrors: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => {
  const e = error as BodyParserError;
  switch (e?.type) {
    case 'entity.too.large':
      next(
        new InputError(
          `the request body is ${
            e.length !== undefined ? `${e.length} bytes` : 'too large'
          }; the limit is 256 KB (an order is a few hundred bytes)`,
        ),
      );
      return;
    case 'entity.parse.failed':
      next(
        new InputError(
          `the request body is not valid JSON: ${e.message.slice(0, 200)}`,
        ),
      );
      return;
    case 'encoding.unsupported':
    case 'charset.unsupported':
    case 'request.size.invalid':
    case 'request.aborted':
      next(new InputError(`the request body could not be read: ${e.message}`));
      return;
    default:
      next(error);
  }
};

/**
 * Errors whose body carries more than a message: a 409 for an active order carries
 * the order, a 400 for a bad request lists every problem with its field path. The
 * shape is Backstage's error response body plus those fields.
 */
export const detailedErrors: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const base = (statusCode: number) => ({
    error: { name: (error as Error).name, message: (error as Error).message },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode },
  });
  if (error instanceof ActiveOrderConflictError) {
    res
      .status(409)
      .json({ ...base(409), activeOrder: toApiOrder(error.activeOrder) });
    return;
  }
  if (error instanceof ProblemsError) {
    res.status(400).json({ ...base(400), problems: error.problems });
    return;
  }
  next(error);
};
