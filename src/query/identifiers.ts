// The one place that turns names into SQL text (quoteIdent, and the qualified forms built on it).
// Everything else passes values as parameters.

/** `my "table"` → `"my ""table"""`. Always quoted, so case and keywords are preserved. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name` with both parts quoted. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A config value naming a function: `schema.fn`, or `fn` to be found through the search_path. */
export function splitFunctionName(name: string): { readonly schema: string | null; readonly name: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { schema: null, name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}

/** Such a function name as SQL. */
export function quoteFunctionName(name: string): string {
  const fn = splitFunctionName(name);
  return fn.schema === null ? quoteIdent(fn.name) : quoteQualified(fn.schema, fn.name);
}
