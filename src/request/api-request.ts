// Raw request → ApiRequest: which resource, which schema, which action (PostgREST: ApiRequest.hs).
// Pure: throws ApiRequestError for anything malformed.

import type { AppConfig } from '../config/app-config.ts';
import { ApiRequestError } from '../errors/api-request-error.ts';
import { type MediaType, parseAccept } from './media-type.ts';
import { type Preferences, parsePreferences } from './preferences.ts';
import { parseQueryParams } from './query-params.ts';
import { topLevelRange } from './range.ts';
import { header, type RawRequest } from './raw-request.ts';
import type { QueryParams, Range } from './types.ts';

export type Resource =
  | { readonly kind: 'relation'; readonly name: string }
  | { readonly kind: 'routine'; readonly name: string }
  | { readonly kind: 'root' };

export type Action =
  | { readonly kind: 'read'; readonly headersOnly: boolean }
  | { readonly kind: 'options' }
  | { readonly kind: 'write'; readonly method: 'POST' | 'PATCH' | 'PUT' | 'DELETE' };

export interface ApiRequest {
  readonly resource: Resource;
  readonly action: Action;
  readonly method: string;
  /** The schema the request runs against: the profile header's, or the first of db-schemas. */
  readonly schema: string;
  /** A profile header was sent, or several schemas are exposed: responses name the schema. */
  readonly negotiatedProfile: boolean;
  /** The path without the query string, as PostgREST passes it to request.path. */
  readonly path: string;
  /** The raw query string (without `?`). */
  readonly query: string;
  readonly queryParams: QueryParams;
  readonly preferences: Preferences;
  /** Accept, best first. */
  readonly accepts: ReadonlyArray<MediaType>;
  /** The root's rows: limit/offset intersected with the Range header (GET only). */
  readonly topLevelRange: Range;
}

export function parseApiRequest(raw: RawRequest, config: AppConfig): ApiRequest {
  const resource = parseResource(raw.path);
  const action = parseAction(raw.method, resource);
  const { schema, negotiatedProfile } = parseProfile(raw, config);
  const queryParams = parseQueryParams(raw.query, { isRpcRead: resource.kind === 'routine' && action.kind === 'read' });
  const range = topLevelRange(queryParams.ranges.get(''), raw.method === 'GET' ? header(raw, 'range') : undefined);
  const prefer = raw.headers.prefer;
  const preferences = parsePreferences(prefer === undefined ? [] : Array.isArray(prefer) ? prefer : [prefer], {
    allowTxOverride: config.dbTxEnd.endsWith('-allow-override'),
  });
  return {
    resource,
    action,
    method: raw.method,
    schema,
    negotiatedProfile,
    path: raw.path,
    query: raw.query,
    queryParams,
    preferences,
    accepts: parseAccept(header(raw, 'accept')),
    topLevelRange: range,
  };
}

/** `/` → root, `/items` → relation, `/rpc/f` → routine; any other shape is PGRST125. */
export function parseResource(path: string): Resource {
  const segments = path.split('/').slice(1).map(decodeSegment);
  if (segments.length === 1 && segments[0] === '') return { kind: 'root' };
  if (segments.length === 1 && segments[0] !== undefined) return { kind: 'relation', name: segments[0] };
  if (segments.length === 2 && segments[0] === 'rpc' && segments[1] !== undefined && segments[1] !== '') {
    return { kind: 'routine', name: segments[1] };
  }
  throw ApiRequestError.invalidResourcePath();
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Malformed escapes are kept as sent, as a lenient percent-decoder does.
    return segment;
  }
}

function parseAction(method: string, resource: Resource): Action {
  switch (method) {
    case 'GET':
      return { kind: 'read', headersOnly: false };
    case 'HEAD':
      return { kind: 'read', headersOnly: true };
    case 'OPTIONS':
      return { kind: 'options' };
    case 'POST':
    case 'PATCH':
    case 'PUT':
    case 'DELETE':
      if (resource.kind === 'routine' && method !== 'POST') throw ApiRequestError.invalidRpcMethod(method);
      return { kind: 'write', method };
    default:
      throw ApiRequestError.unsupportedMethod(method);
  }
}

/** Accept-Profile for reads, Content-Profile for writes (PostgREST: multiple schemas). */
function parseProfile(raw: RawRequest, config: AppConfig): { schema: string; negotiatedProfile: boolean } {
  const isRead = raw.method === 'GET' || raw.method === 'HEAD' || raw.method === 'OPTIONS';
  const requested = header(raw, isRead ? 'accept-profile' : 'content-profile');
  const [first = 'public'] = config.dbSchemas;
  if (requested === undefined) return { schema: first, negotiatedProfile: config.dbSchemas.length > 1 };
  if (!config.dbSchemas.includes(requested)) throw ApiRequestError.unacceptableSchema(requested, config.dbSchemas);
  return { schema: requested, negotiatedProfile: true };
}
