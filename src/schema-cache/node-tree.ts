// Reads a view's stored rule (pg_rewrite.ev_action, PostgreSQL's pg_node_tree text) far enough to
// know where each view column comes from: the top-level query's target list gives, per output
// column (resno), the table and column it was taken from (resorigtbl, resorigcol), or 0 when it
// is computed. PostgREST gets the same fields by regex-rewriting the text into JSON in SQL
// (Catalog/Query.hs allViewsKeyDependencies); a tokenizer is sturdier and cheap enough.

export interface TargetEntry {
  readonly resno: number;
  /** pg_class oid of the origin relation, 0 if the column is not a plain column reference. */
  readonly origTable: number;
  readonly origColumn: number;
  /** ORDER BY/GROUP BY helper entries that are not view columns. */
  readonly junk: boolean;
}

// The tokenizer follows PostgreSQL's pg_strtok (read.c): tokens are separated by whitespace,
// `(`, `)`, `{`, `}` are tokens of their own, and a backslash escapes the next character (outToken
// escapes whitespace, parens and braces wherever they occur in names). `<>` is a NULL pointer.
const STRUCTURE = /[(){}\\]/g;

class Tokens {
  #pos = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  next(): string | null {
    const text = this.#text;
    let i = this.#pos;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      this.#pos = i;
      return null;
    }
    const first = text[i] ?? '';
    if (first === '(' || first === ')' || first === '{' || first === '}') {
      this.#pos = i + 1;
      return first;
    }
    const start = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92)
        i += 2; // backslash
      else if (isSpace(c) || c === 40 || c === 41 || c === 123 || c === 125) break;
      else i++;
    }
    this.#pos = Math.min(i, text.length);
    return text.slice(start, this.#pos);
  }

  /** Skips to just after the `)` or `}` that closes the structure whose opener was just read. */
  skipStructure(): void {
    const text = this.#text;
    let depth = 1;
    STRUCTURE.lastIndex = this.#pos;
    for (let m = STRUCTURE.exec(text); m !== null; m = STRUCTURE.exec(text)) {
      const c = m[0];
      if (c === '\\') STRUCTURE.lastIndex = m.index + 2;
      else if (c === '(' || c === '{') depth++;
      else if (--depth === 0) {
        this.#pos = m.index + 1;
        return;
      }
    }
    this.#pos = text.length;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/**
 * The target list of the first query of a view's `_RETURN` rule, `({QUERY … :targetList (…) …})`.
 * Throws when the text does not have that shape.
 */
export function parseViewTargetList(action: string): TargetEntry[] {
  const tokens = new Tokens(action);
  if (tokens.next() !== '(' || tokens.next() !== '{' || tokens.next() !== 'QUERY')
    throw new Error('view rule: expected ({QUERY');
  for (let token = tokens.next(); token !== null && token !== '}'; token = tokens.next()) {
    if (!token.startsWith(':')) continue;
    const value = tokens.next();
    if (value === '(' || value === '{') {
      if (token === ':targetList' && value === '(') return readTargetEntries(tokens);
      tokens.skipStructure();
    } else if (token === ':targetList') {
      return []; // `<>`: no columns
    }
  }
  throw new Error('view rule: no targetList');
}

function readTargetEntries(tokens: Tokens): TargetEntry[] {
  const entries: TargetEntry[] = [];
  for (let token = tokens.next(); token !== null && token !== ')'; token = tokens.next()) {
    if (token === '(' || (token === '{' && tokens.next() !== 'TARGETENTRY')) {
      tokens.skipStructure();
      continue;
    }
    if (token !== '{') continue;
    let resno = 0;
    let origTable = 0;
    let origColumn = 0;
    let junk = false;
    for (let field = tokens.next(); field !== null && field !== '}'; field = tokens.next()) {
      if (!field.startsWith(':')) continue;
      const value = tokens.next();
      if (value === '(' || value === '{') tokens.skipStructure();
      else if (field === ':resno') resno = Number(value);
      else if (field === ':resorigtbl') origTable = Number(value);
      else if (field === ':resorigcol') origColumn = Number(value);
      else if (field === ':resjunk') junk = value === 'true';
    }
    entries.push({ resno, origTable, origColumn, junk });
  }
  return entries;
}
