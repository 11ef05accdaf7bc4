// PGRST3xx: authentication (PostgREST: Error.hs, JwtError).

import { PgrstError } from './pgrst-error.ts';

export class JwtError extends PgrstError {
  static secretMissing(): JwtError {
    return new JwtError('PGRST300', 500, 'Server lacks JWT secret');
  }

  /** PGRST302: no token and no db-anon-role. */
  static anonymousDisabled(): JwtError {
    return new JwtError('PGRST302', 401, 'Anonymous access is disabled', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}
