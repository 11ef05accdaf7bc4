// The SQL text and parameters generated for reads: one statement, values always as parameters,
// names always quoted, PostgREST's aliases.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countQuery, readQuery } from '../../../src/query/read-query.ts';
import { compile } from '../../../src/query/sql.ts';
import { planFor } from '../plan/plan-helpers.ts';

const sqlOf = (table: string, query: string) => compile(readQuery(planFor(table, query)));
/** Collapses runs of spaces: the exact spacing is not part of the contract. */
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('read SQL', () => {
  const cases: ReadonlyArray<{ query: string; text: string; values: ReadonlyArray<string | null> }> = [
    {
      query: 'select=id,directors(name)&id=eq.1',
      text: 'SELECT "api"."films"."id", row_to_json("films_directors_1".*)::jsonb AS "directors" FROM "api"."films" LEFT JOIN LATERAL ( SELECT "directors_1"."name" FROM "api"."directors" AS "directors_1" WHERE "directors_1"."id" = "api"."films"."director_id" ) AS "films_directors_1" ON TRUE WHERE "api"."films"."id" = $1',
      values: ['1'],
    },
    {
      query: 'select=title,actors(name)',
      text: `SELECT "api"."films"."title", COALESCE( "films_actors_1"."films_actors_1", '[]') AS "actors" FROM "api"."films" LEFT JOIN LATERAL ( SELECT json_agg("films_actors_1")::jsonb AS "films_actors_1" FROM (SELECT "api"."actors"."name" FROM "api"."actors", "api"."roles" WHERE "api"."roles"."actor_id" = "api"."actors"."id" AND "api"."roles"."film_id" = "api"."films"."id" ) AS "films_actors_1" ) AS "films_actors_1" ON TRUE`,
      values: [],
    },
    {
      query: 'select=title::text,data->a->>b,tags->0',
      text: 'SELECT CAST( "api"."films"."title" AS "text" ), "api"."films"."data"->$1->>$2 AS "b", to_jsonb("api"."films"."tags")->$3::int AS "tags" FROM "api"."films"',
      values: ['a', 'b', '0'],
    },
    {
      query: 'select=id&title=not.like(any).{a*,b*}&or=(id.in.(1,2),and(title.is.null,id.not.eq.3))',
      text: 'SELECT "api"."films"."id" FROM "api"."films" WHERE ( "api"."films"."id" = ANY ($1) OR ( "api"."films"."title" IS NULL AND NOT "api"."films"."id" = $2)) AND NOT "api"."films"."title" like ANY($3)',
      values: ['{"1","2"}', '3', '{a%,b%}'],
    },
    {
      query: 'select=id,directors(name)&order=directors(name).desc.nullslast&limit=5&offset=10',
      text: 'SELECT "api"."films"."id", row_to_json("films_directors_1".*)::jsonb AS "directors" FROM "api"."films" LEFT JOIN LATERAL ( SELECT "directors_1"."name" FROM "api"."directors" AS "directors_1" WHERE "directors_1"."id" = "api"."films"."director_id" ) AS "films_directors_1" ON TRUE ORDER BY "films_directors_1"."name" DESC NULLS LAST LIMIT $1 OFFSET $2',
      values: ['5', '10'],
    },
    {
      query: 'select=director_id,id.count()',
      text: 'SELECT "api"."films"."director_id", COUNT("api"."films"."id") FROM "api"."films" GROUP BY "api"."films"."director_id"',
      values: [],
    },
    {
      query: 'select=title&title=fts(english).cat',
      text: 'SELECT "api"."films"."title" FROM "api"."films" WHERE to_tsvector($1, "api"."films"."title") @@ to_tsquery($2, $3)',
      values: ['english', 'english', 'cat'],
    },
    {
      query: 'select=id&doc=wfts.cat',
      text: 'SELECT "api"."films"."id" FROM "api"."films" WHERE "api"."films"."doc" @@ websearch_to_tsquery($1)',
      values: ['cat'],
    },
    {
      query: 'select=id,...directors(name)',
      text: 'SELECT "api"."films"."id", "films_directors_1"."name" FROM "api"."films" LEFT JOIN LATERAL ( SELECT "directors_1"."name" FROM "api"."directors" AS "directors_1" WHERE "directors_1"."id" = "api"."films"."director_id" ) AS "films_directors_1" ON TRUE',
      values: [],
    },
  ];
  for (const c of cases) {
    it(c.query, () => {
      const compiled = sqlOf('films', c.query);
      assert.equal(squash(compiled.text), c.text);
      assert.deepEqual(compiled.values, c.values);
    });
  }

  it('counts inner-joined embeds with EXISTS and ignores limits', () => {
    const compiled = compile(
      countQuery(planFor('films', 'select=id,directors!inner(name)&directors.name=eq.K&limit=1')),
    );
    assert.equal(
      squash(compiled.text),
      'SELECT 1 FROM "api"."films" WHERE EXISTS (SELECT 1 FROM "api"."directors" AS "directors_1" WHERE "directors_1"."name" = $1 AND "directors_1"."id" = "api"."films"."director_id" )',
    );
    assert.deepEqual(compiled.values, ['K']);
  });

  it('tests an embed for null with its aggregate alias', () => {
    const compiled = sqlOf('films', 'select=id,directors(name)&directors=is.null');
    assert.match(compiled.text, /WHERE "films_directors_1" IS NOT DISTINCT FROM NULL/);
  });

  it('applies db-max-rows to every level', () => {
    const compiled = compile(readQuery(planFor('films', 'select=id,actors(name)', { maxRows: 7 })));
    assert.deepEqual(compiled.values, ['7', '0', '7', '0']);
  });
});

describe('domain representations (api.color → json formats, text → api.color parses)', () => {
  const FORMAT = '"formats"."color_to_json"';
  const PARSE = '"formats"."color ""from"" text"';
  const cases: ReadonlyArray<{ table: string; query: string; text: string; values: ReadonlyArray<string> }> = [
    {
      table: 'swatches',
      query: 'select=id,color,shade:color',
      text: `SELECT "api"."swatches"."id", ${FORMAT}("api"."swatches"."color") AS "color", ${FORMAT}("api"."swatches"."color") AS "shade" FROM "api"."swatches"`,
      values: [],
    },
    {
      table: 'swatches',
      query: 'select=*',
      text: `SELECT "api"."swatches"."id", "api"."swatches"."film_id", ${FORMAT}("api"."swatches"."color") AS "color" FROM "api"."swatches"`,
      values: [],
    },
    {
      // The cast applies to the formatted JSON; a JSON path goes into the function as PostgREST does.
      table: 'swatches',
      query: 'select=color::text,color->>k',
      text: `SELECT CAST( ${FORMAT}("api"."swatches"."color") AS "text" ) AS "color", ${FORMAT}(to_jsonb("api"."swatches"."color")->>$1) AS "k" FROM "api"."swatches"`,
      values: ['k'],
    },
    {
      table: 'films',
      query: 'select=id,swatches(*)',
      text: `SELECT "api"."films"."id", COALESCE( "films_swatches_1"."films_swatches_1", '[]') AS "swatches" FROM "api"."films" LEFT JOIN LATERAL ( SELECT json_agg("films_swatches_1")::jsonb AS "films_swatches_1" FROM (SELECT "swatches_1"."id", "swatches_1"."film_id", ${FORMAT}("swatches_1"."color") AS "color" FROM "api"."swatches" AS "swatches_1" WHERE "swatches_1"."film_id" = "api"."films"."id" ) AS "films_swatches_1" ) AS "films_swatches_1" ON TRUE`,
      values: [],
    },
    {
      // Orders compare the stored values; like and isdistinct values are not parsed.
      table: 'swatches',
      query: 'select=id&color=eq.ff0000&or=(color.neq.1,color.like.a*,color.isdistinct.b)&order=color',
      text: `SELECT "api"."swatches"."id" FROM "api"."swatches" WHERE ( "api"."swatches"."color" <> ${PARSE}($1) OR "api"."swatches"."color" like $2 OR "api"."swatches"."color" IS DISTINCT FROM $3) AND "api"."swatches"."color" = ${PARSE}($4) ORDER BY "api"."swatches"."color"`,
      values: ['1', 'a%', 'b', 'ff0000'],
    },
    {
      table: 'swatches',
      query: 'select=id&color=in.(ff0000,"#2e4a3f")',
      text: `SELECT "api"."swatches"."id" FROM "api"."swatches" WHERE "api"."swatches"."color" = ANY ((SELECT ${PARSE}(unnest($1::text[]))))`,
      values: ['{"ff0000","#2e4a3f"}'],
    },
    {
      table: 'films',
      query: 'select=id,swatches(id)&swatches.color=gt.f00000',
      text: `SELECT "api"."films"."id", COALESCE( "films_swatches_1"."films_swatches_1", '[]') AS "swatches" FROM "api"."films" LEFT JOIN LATERAL ( SELECT json_agg("films_swatches_1")::jsonb AS "films_swatches_1" FROM (SELECT "swatches_1"."id" FROM "api"."swatches" AS "swatches_1" WHERE "swatches_1"."color" > ${PARSE}($1) AND "swatches_1"."film_id" = "api"."films"."id" ) AS "films_swatches_1" ) AS "films_swatches_1" ON TRUE`,
      values: ['f00000'],
    },
  ];
  for (const c of cases) {
    it(`${c.table}?${c.query}`, () => {
      const compiled = sqlOf(c.table, c.query);
      assert.equal(squash(compiled.text), c.text);
      assert.deepEqual(compiled.values, c.values);
    });
  }

  it('leaves tables without representations on `*`', () => {
    assert.equal(squash(sqlOf('directors', 'select=*').text), 'SELECT "api"."directors".* FROM "api"."directors"');
  });
});

describe('request text never becomes SQL text', () => {
  it('sends filter values as parameters', () => {
    const compiled = sqlOf('films', `select=id&title=eq.'%3B drop table films%3B --`);
    assert.equal(
      squash(compiled.text),
      'SELECT "api"."films"."id" FROM "api"."films" WHERE "api"."films"."title" = $1',
    );
    assert.deepEqual(compiled.values, ["'; drop table films; --"]);
  });

  it('sends JSON path keys as parameters and quotes the derived alias', () => {
    const compiled = sqlOf('films', 'select=data->>%22%27%3B drop table films%3B--%22');
    assert.equal(
      squash(compiled.text),
      'SELECT "api"."films"."data"->>$1 AS "\'; drop table films;--" FROM "api"."films"',
    );
    assert.deepEqual(compiled.values, ["'; drop table films;--"]);
  });

  it('ignores what follows an unmatched parenthesis in select, as PostgREST does', () => {
    const compiled = sqlOf('films', 'select=id::text)%3Bdrop table films');
    assert.equal(squash(compiled.text), 'SELECT CAST( "api"."films"."id" AS "text" ) FROM "api"."films"');
  });

  it('quotes identifiers by doubling quotes', () => {
    const compiled = sqlOf('films', 'select=%22a%5C%22b%22');
    assert.equal(squash(compiled.text), 'SELECT "api"."films"."a""b" FROM "api"."films"');
  });

  it('writes a cast type as a quoted identifier unless it is an SQL keyword type', () => {
    assert.equal(
      squash(sqlOf('films', 'select=id::text%20union%20select%201').text),
      'SELECT CAST( "api"."films"."id" AS "text union select 1" ) FROM "api"."films"',
    );
    assert.equal(
      squash(sqlOf('films', 'select=id::Double%20Precision').text),
      'SELECT CAST( "api"."films"."id" AS double precision ) FROM "api"."films"',
    );
  });

  it('rejects casts with punctuation at parse time', () => {
    assert.throws(() => sqlOf('films', 'select=id::text%3Bdrop'), { code: 'PGRST100' });
  });

  it('builds IN lists as one escaped array-literal parameter', () => {
    const compiled = sqlOf('films', 'select=id&title=in.(a,%22b%5C%22c%22,d%5C%5Ce)');
    assert.equal(
      squash(compiled.text),
      'SELECT "api"."films"."id" FROM "api"."films" WHERE "api"."films"."title" = ANY ($1)',
    );
    // Unquoted elements keep their backslashes; the literal doubles each one.
    assert.deepEqual(compiled.values, ['{"a","b\\"c","d\\\\\\\\e"}']);
  });
});
