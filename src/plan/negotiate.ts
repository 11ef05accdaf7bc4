// Content negotiation (PostgREST: Plan/Negotiate.hs): the first acceptable media type with a
// handler wins; none → 406 PGRST107. HEAD negotiates too but builds no body.

import { ApiRequestError } from '../errors/api-request-error.ts';
import type { BodyHandler } from '../query/main-read.ts';
import { contentTypeOf, type MediaType, mediaTypeText } from '../request/media-type.ts';

export interface Negotiated {
  readonly handler: BodyHandler;
  /** The response's media type (`*` + `/` + `*` answers as application/json). */
  readonly mediaType: MediaType;
  readonly contentType: string;
  /** Set for application/vnd.pgrst.plan: EXPLAIN instead of running the body. */
  readonly plan: Extract<MediaType, { kind: 'plan' }> | null;
}

/** The built-in handlers every relation has (custom domain handlers are not supported yet). */
function builtin(mt: MediaType): { handler: BodyHandler; mediaType: MediaType } | null {
  switch (mt.kind) {
    case 'any':
    case 'json':
      return { handler: { kind: 'jsonArray', stripNulls: false }, mediaType: { kind: 'json' } };
    case 'csv':
      return { handler: { kind: 'csv' }, mediaType: mt };
    case 'geoJson':
      return { handler: { kind: 'geojson' }, mediaType: mt };
    case 'singular':
      return { handler: { kind: 'jsonObject', stripNulls: mt.stripNulls }, mediaType: mt };
    case 'arrayStripped':
      return { handler: { kind: 'jsonArray', stripNulls: true }, mediaType: mt };
    default:
      return null;
  }
}

export function negotiate(
  accepts: ReadonlyArray<MediaType>,
  options: { readonly planEnabled: boolean; readonly headersOnly: boolean },
): Negotiated {
  for (const mt of accepts) {
    if (mt.kind === 'plan') {
      if (!options.planEnabled) continue;
      const inner = builtin(mt.for);
      if (inner === null) continue;
      return { handler: inner.handler, mediaType: mt, contentType: contentTypeOf(mt), plan: mt };
    }
    const found = builtin(mt);
    if (found === null) continue;
    return {
      handler: options.headersOnly ? { kind: 'none' } : found.handler,
      mediaType: found.mediaType,
      contentType: contentTypeOf(found.mediaType),
      plan: null,
    };
  }
  throw ApiRequestError.mediaType(accepts.map(mediaTypeText));
}
