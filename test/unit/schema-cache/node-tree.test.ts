// Reading a view rule's target list out of pg_node_tree text (src/schema-cache/node-tree.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseViewTargetList, type TargetEntry } from '../../../src/schema-cache/node-tree.ts';

/** A target entry the way PostgreSQL prints one (`expr` is any node text). */
const entry = (resno: number, tbl: number, col: number, opts: { junk?: boolean; expr?: string; name?: string } = {}) =>
  `{TARGETENTRY :expr ${opts.expr ?? `{VAR :varno 1 :varattno ${col} :vartype 23 :location 7}`} :resno ${resno} ` +
  `:resname ${opts.name ?? `c${resno}`} :ressortgroupref 0 :resorigtbl ${tbl} :resorigcol ${col} ` +
  `:resjunk ${opts.junk === true}}`;

const query = (fields: string) =>
  `({QUERY :commandType 1 :querySource 0 :canSetTag true :utilityStmt <> :resultRelation 0 ${fields} :override 0 :onConflict <> :stmt_len 0})`;

const rte = (name: string, cols: string) =>
  `{RANGETBLENTRY :alias <> :eref {ALIAS :aliasname ${name} :colnames (${cols})} :rtekind 0 :relid 16480 :relkind r :inh true}`;

const e = (resno: number, origTable: number, origColumn: number, junk = false): TargetEntry => ({
  resno,
  origTable,
  origColumn,
  junk,
});

const CASES: ReadonlyArray<{ name: string; action: string; expected: TargetEntry[] }> = [
  {
    name: 'plain columns',
    action: query(`:rtable (${rte('t', '"id" "name"')}) :targetList (${entry(1, 16480, 1)} ${entry(2, 16480, 2)})`),
    expected: [e(1, 16480, 1), e(2, 16480, 2)],
  },
  {
    name: 'a subquery in FROM with its own target list comes before the top-level one',
    action: query(
      `:rtable ({RANGETBLENTRY :rtekind 1 :subquery ${query(`:targetList (${entry(1, 99, 9)})`).slice(1, -1)}}) ` +
        `:jointree {FROMEXPR :fromlist ({RANGETBLREF :rtindex 1}) :quals <>} :targetList (${entry(1, 16480, 3)})`,
    ),
    expected: [e(1, 16480, 3)],
  },
  {
    name: 'a scalar subquery inside an entry, and a computed column',
    action: query(
      `:targetList (${entry(1, 0, 0, {
        expr: `{SUBLINK :subLinkType 4 :subselect ${query(`:targetList (${entry(1, 77, 1)})`).slice(1, -1)} :location 78}`,
      })} ${entry(2, 16480, 2)})`,
    ),
    expected: [e(1, 0, 0), e(2, 16480, 2)],
  },
  {
    name: 'escaped names: spaces, parens, braces, a leading colon, backslashes',
    action: query(
      `:rtable (${rte('t', '"a\\ b" "x\\(y\\)" "we,ird\\{x\\}" "\\\\"')}) :targetList (${entry(1, 5, 1, {
        name: 'a\\ :resorigtbl\\ 9',
      })} ${entry(2, 5, 2, { name: ':resno' })} ${entry(3, 5, 3, { name: 'x\\(\\{' })})`,
    ),
    expected: [e(1, 5, 1), e(2, 5, 2), e(3, 5, 3)],
  },
  {
    name: 'constants print their bytes in brackets',
    action: query(
      `:targetList (${entry(1, 0, 0, {
        expr: '{CONST :consttype 23 :constlen 4 :constbyval true :constisnull false :location 7 :constvalue 4 [ 1 0 0 0 0 0 0 0 ]}',
      })})`,
    ),
    expected: [e(1, 0, 0)],
  },
  {
    name: 'ORDER BY entries are junk',
    action: query(
      `:targetList (${entry(1, 16480, 1)} ${entry(2, 16480, 3, { junk: true })}) :sortClause ({SORTGROUPCLAUSE})`,
    ),
    expected: [e(1, 16480, 1), e(2, 16480, 3, true)],
  },
  { name: 'an empty target list', action: query(':targetList <>'), expected: [] },
  {
    name: 'origin oids beyond 2^31',
    action: query(`:targetList (${entry(1, 4294967295, 1)})`),
    expected: [e(1, 4294967295, 1)],
  },
];

for (const c of CASES) {
  test(`node tree: ${c.name}`, () => {
    assert.deepEqual(parseViewTargetList(c.action), c.expected);
  });
}

test('node tree: text that is not a query rule is rejected', () => {
  assert.throws(() => parseViewTargetList('({INSERT :x 1})'), /expected \(\{QUERY/);
  assert.throws(() => parseViewTargetList(query(':rtable <>')), /no targetList/);
  assert.throws(() => parseViewTargetList(''), /expected/);
});
