// The one function that turns a name into SQL text. Everything else passes values as parameters.

/** `my "table"` → `"my ""table"""`. Always quoted, so case and keywords are preserved. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name` with both parts quoted. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A config value naming a function, `schema.fn` or `fn` (found through the search_path), as SQL. */
export function quoteFunctionName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? quoteIdent(name) : quoteQualified(name.slice(0, dot), name.slice(dot + 1));
}
