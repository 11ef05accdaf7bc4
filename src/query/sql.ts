// SQL fragments: the only way SQL text is built. Raw text comes exclusively from template
// literals in our source (`sql\`...\``); request data enters as parameters (`param`) or as quoted
// identifiers (`ident`). compile() is the one place that numbers $n. Request text never becomes
// SQL text.

import { quoteIdent } from './identifiers.ts';

export type SqlNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ident'; readonly name: string }
  | { readonly kind: 'param'; readonly value: string | null }
  | { readonly kind: 'seq'; readonly nodes: ReadonlyArray<SqlNode> };

export interface CompiledSql {
  readonly text: string;
  readonly values: ReadonlyArray<string | null>;
}

/**
 * The text nodes of each template literal, made once: a call site always passes the same
 * TemplateStringsArray, and this runs several hundred times per request.
 */
const textNodes = new WeakMap<TemplateStringsArray, ReadonlyArray<SqlNode | null>>();

/** A fragment from a template literal; interpolations must themselves be fragments. */
export function sql(strings: TemplateStringsArray, ...nodes: ReadonlyArray<SqlNode>): SqlNode {
  let texts = textNodes.get(strings);
  if (texts === undefined) {
    texts = strings.map((text): SqlNode | null => (text === '' ? null : { kind: 'text', text }));
    textNodes.set(strings, texts);
  }
  const out: SqlNode[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (text !== null && text !== undefined) out.push(text);
    const node = nodes[i];
    if (node !== undefined) out.push(node);
  }
  return { kind: 'seq', nodes: out };
}

/** A quoted identifier: `"name"`. */
export function ident(name: string): SqlNode {
  return { kind: 'ident', name };
}

/** `"schema"."name"`. */
export function qualified(schema: string, name: string): SqlNode {
  return sql`${ident(schema)}.${ident(name)}`;
}

/** A bind parameter, sent untyped so PostgreSQL infers its type (as PostgREST does). */
export function param(value: string | null): SqlNode {
  return { kind: 'param', value };
}

/** Fragments joined by a separator fragment. */
export function join(nodes: ReadonlyArray<SqlNode>, separator: SqlNode): SqlNode {
  const out: SqlNode[] = [];
  nodes.forEach((n, i) => {
    if (i > 0) out.push(separator);
    out.push(n);
  });
  return { kind: 'seq', nodes: out };
}

export const EMPTY: SqlNode = { kind: 'seq', nodes: [] };

export function compile(root: SqlNode): CompiledSql {
  const out = { text: '', values: [] as Array<string | null> };
  visit(root, out);
  return out;
}

function visit(node: SqlNode, out: { text: string; values: Array<string | null> }): void {
  switch (node.kind) {
    case 'text':
      out.text += node.text;
      return;
    case 'ident':
      out.text += quoteIdent(node.name);
      return;
    case 'param':
      out.values.push(node.value);
      out.text += `$${out.values.length}`;
      return;
    case 'seq':
      for (const n of node.nodes) visit(n, out);
      return;
  }
}
