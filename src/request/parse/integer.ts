// Haskell's `read :: Integer`, which PostgREST applies to limit, offset and max-affected
// (via Text.Read.readMaybe): we accept and reject exactly the same spellings.

/** Haskell's isSpace for the characters a query or header value can carry. */
const isBlank = (c: string | undefined): boolean => c !== undefined && /^[ \t\n\r\f\v\u00a0\p{Zs}]$/u.test(c);

const SYMBOL = /^[!@#$%&*+./<=>?\\^|:~-]+/;
const NUMBER = /^(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|[0-9]+)/;

/**
 * `5`, ` 5 `, `(5)`, `-5`, `( - 5 )`, `0x1F`, `0o17` → the integer; `+5`, `1e1`, `1.0`, `5x`, `` → null.
 * Whole numbers only: a fraction or exponent leaves text unread, which makes `read` fail.
 */
export function readInteger(text: string): bigint | null {
  let i = 0;
  const blanks = (): void => {
    while (isBlank(text[i])) i += 1;
  };
  const number = (): bigint | null => {
    const m = NUMBER.exec(text.slice(i));
    if (m === null) return null;
    i += m[0].length;
    return BigInt(/^0[oO]/.test(m[0]) ? `0o${m[0].slice(2)}` : m[0]);
  };
  const expr = (): bigint | null => {
    blanks();
    if (text[i] === '(') {
      i += 1;
      const inner = expr();
      blanks();
      if (inner === null || text[i] !== ')') return null;
      i += 1;
      return inner;
    }
    // A run of symbol characters is one lexeme: only a lone `-` is a sign (`--1`, `+1` fail).
    const symbol = SYMBOL.exec(text.slice(i))?.[0] ?? '';
    if (symbol === '') return number();
    if (symbol !== '-') return null;
    i += 1;
    blanks();
    const n = number();
    return n === null ? null : -n;
  };
  const n = expr();
  blanks();
  return n === null || i !== text.length ? null : n;
}
