// What a scenario sends, in a form that both load generators understand: wrk gets it as a Lua
// script (wrk-lua.ts), the built-in loop materializes it in JavaScript (builtin.ts).

export type Method = 'GET' | 'POST' | 'PATCH';

export interface RequestTemplate {
  readonly method: Method;
  /** Path and query string; each `{id}` becomes a random integer in 1..idMax, drawn per request. */
  readonly path: string;
  readonly idMax: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  /** When not empty, each request carries `Authorization: Bearer <one of these, drawn at random>`. */
  readonly bearerTokens: ReadonlyArray<string>;
}

export interface ConcreteRequest {
  readonly method: Method;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export const ID_PLACEHOLDER = '{id}';

/** The request with a given id and token (index into bearerTokens). */
export function materialize(t: RequestTemplate, id: number, tokenIndex: number): ConcreteRequest {
  const headers: Record<string, string> = { ...t.headers };
  const token = t.bearerTokens[tokenIndex % Math.max(1, t.bearerTokens.length)];
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return { method: t.method, path: t.path.replaceAll(ID_PLACEHOLDER, String(id)), headers, body: t.body };
}

export function randomRequest(t: RequestTemplate): ConcreteRequest {
  return materialize(
    t,
    1 + Math.floor(Math.random() * t.idMax),
    Math.floor(Math.random() * Math.max(1, t.bearerTokens.length)),
  );
}
