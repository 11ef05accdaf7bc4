// PGRST1xx: the request itself is wrong (PostgREST: Error.hs, ApiRequestError). Each message is
// written once here. Retired codes, never reused: PGRST104, PGRST109, PGRST110, PGRST113, PGRST119.

import { PgrstError } from './pgrst-error.ts';

export type RangeErrorKind =
  | { readonly kind: 'negativeLimit' }
  | { readonly kind: 'lowerGreaterThanUpper' }
  | { readonly kind: 'outOfBounds'; readonly lower: number; readonly total: number };

export class ApiRequestError extends PgrstError {
  /** PGRST100: a query parameter that does not parse. */
  static queryParam(message: string, details: string): ApiRequestError {
    return new ApiRequestError('PGRST100', 400, message, { details });
  }

  static invalidRpcMethod(method: string): ApiRequestError {
    return new ApiRequestError('PGRST101', 405, `Cannot use the ${method} method on RPC`);
  }

  static invalidBody(message: string): ApiRequestError {
    return new ApiRequestError('PGRST102', 400, message);
  }

  static invalidRange(range: RangeErrorKind): ApiRequestError {
    return new ApiRequestError('PGRST103', 416, 'Requested range not satisfiable', { details: rangeDetails(range) });
  }

  static invalidFilters(): ApiRequestError {
    return new ApiRequestError(
      'PGRST105',
      405,
      "Filters must include all and only primary key columns with 'eq' operators",
    );
  }

  static unacceptableSchema(schema: string, exposed: ReadonlyArray<string>): ApiRequestError {
    return new ApiRequestError('PGRST106', 406, `Invalid schema: ${schema}`, {
      hint: `Only the following schemas are exposed: ${exposed.join(', ')}`,
    });
  }

  static mediaType(accepted: ReadonlyArray<string>): ApiRequestError {
    return new ApiRequestError('PGRST107', 406, `None of these media types are available: ${accepted.join(', ')}`);
  }

  /** PGRST108. With an alias: the request used the relation name where the alias was required. */
  static notEmbedded(resource: string, alias?: { readonly name: string; readonly alias: string }): ApiRequestError {
    if (alias === undefined) {
      return new ApiRequestError('PGRST108', 400, `'${resource}' is not an embedded resource in this request`, {
        hint: `Verify that '${resource}' is included in the 'select' query parameter.`,
      });
    }
    return new ApiRequestError('PGRST108', 400, `'${resource}' is not an embedded resource in this request`, {
      details: 'Target names are not allowed in filters if they have an alias',
      hint: `Change '${alias.name}' to '${alias.alias}' in filters, orders or limits.`,
    });
  }

  static gucHeaders(): ApiRequestError {
    return new ApiRequestError(
      'PGRST111',
      500,
      'response.headers guc must be a JSON array composed of objects with a single key and a string value',
    );
  }

  static gucStatus(): ApiRequestError {
    return new ApiRequestError('PGRST112', 500, 'response.status guc must be a valid status code');
  }

  static putLimitNotAllowed(): ApiRequestError {
    return new ApiRequestError('PGRST114', 400, 'limit/offset querystring parameters are not allowed for PUT');
  }

  static putMatchingPk(): ApiRequestError {
    return new ApiRequestError('PGRST115', 400, 'Payload values do not match URL in primary key column(s)');
  }

  static singularity(rows: number): ApiRequestError {
    return new ApiRequestError('PGRST116', 406, 'Cannot coerce the result to a single JSON object', {
      details: `The result contains ${rows} rows`,
    });
  }

  static unsupportedMethod(method: string): ApiRequestError {
    return new ApiRequestError('PGRST117', 405, `Unsupported HTTP method: ${method}`);
  }

  static relatedOrderNotToOne(origin: string, target: string): ApiRequestError {
    return new ApiRequestError('PGRST118', 400, `A related order on '${target}' is not possible`, {
      details: `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`,
    });
  }

  static invalidPreferences(prefs: ReadonlyArray<string>): ApiRequestError {
    return new ApiRequestError('PGRST122', 400, 'Invalid preferences given with handling=strict', {
      details: `Invalid preferences: ${prefs.join(', ')}`,
    });
  }

  static aggregatesNotAllowed(): ApiRequestError {
    return new ApiRequestError('PGRST123', 400, 'Use of aggregate functions is not allowed');
  }

  static maxAffectedViolation(rows: number): ApiRequestError {
    return new ApiRequestError('PGRST124', 400, 'Query result exceeds max-affected preference constraint', {
      details: `The query affects ${rows} rows`,
    });
  }

  static invalidResourcePath(): ApiRequestError {
    return new ApiRequestError('PGRST125', 404, 'Invalid path specified in request URL');
  }

  static openApiDisabled(): ApiRequestError {
    return new ApiRequestError('PGRST126', 404, 'Root endpoint metadata is disabled');
  }

  static notImplemented(details: string): ApiRequestError {
    return new ApiRequestError('PGRST127', 400, 'Feature not implemented', { details });
  }

  static maxAffectedRpcViolation(): ApiRequestError {
    return new ApiRequestError(
      'PGRST128',
      400,
      'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
    );
  }
}

function rangeDetails(range: RangeErrorKind): string {
  switch (range.kind) {
    case 'negativeLimit':
      return 'Limit should be greater than or equal to zero.';
    case 'lowerGreaterThanUpper':
      return 'The lower boundary must be lower than or equal to the upper boundary in the Range header.';
    case 'outOfBounds':
      return `An offset of ${range.lower} was requested, but there are only ${range.total} rows.`;
  }
}
