// HS256 JSON Web Tokens for the JWT scenario, signed with node:crypto: the harness must not depend
// on the JWT code it is measuring.
import crypto from 'node:crypto';

export function signHs256(claims: Readonly<Record<string, unknown>>, secret: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}
