// Smoke run of the benchmark harness (`npm run bench -- --smoke`): a few seconds on a small
// dataset with the built-in load loop, asserting only that every part still works — never a
// timing. The numbers of a real run live in bench/results/. First, the parsers it relies on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { luaString } from '../../bench/load/wrk-lua.ts';
import { pgbenchAvailable, pgbenchScript } from '../../bench/pgbench.ts';
import type { BenchResults } from '../../bench/results.ts';
import { LogCollector, parseParams } from '../../bench/sql-capture.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-bench-smoke-'));
after(() => fs.rmSync(out, { recursive: true, force: true }));

describe('bench: SQL capture and pgbench scripts', () => {
  it('parses a DETAIL parameters line, quotes and NULLs included', () => {
    assert.deepEqual(parseParams(`$1 = 'role', $2 = NULL, $3 = 'it''s, $4 = x'`), ['role', null, "it's, $4 = x"]);
    assert.deepEqual(parseParams(''), []);
  });

  it('rebuilds log entries from tab continuations and from lines split across pipe chunks', async () => {
    const c = new LogCollector();
    for (const line of [
      '@@7@@ LOG:  execute r1: select pg_catalog.set_config($1, $2, true)',
      `@@7@@ DETAIL:  Parameters: $1 = 'search_path', $2 = '"api"'`,
      '@@7@@ LOG:  execute <unnamed>: select *',
      '\tfrom t where id = $1 and body = $2',
      `@@7@@ DETAIL:  Parameters: $1 = '42', $2 = '[{"a":1},`,
      `{"a":2}]'`,
      '@@9@@ LOG:  statement: select 1',
    ]) {
      c.onLine(line);
    }
    await c.settle(10, 50);
    assert.deepEqual(c.statements(), [
      { text: 'select pg_catalog.set_config($1, $2, true)', params: ['search_path', '"api"'] },
      { text: 'select *\nfrom t where id = $1 and body = $2', params: ['42', '[{"a":1},{"a":2}]'] },
      { text: 'select 1', params: [] },
    ]);
  });

  it('turns captured statements into one pipeline, the probe id into :id and NULLs into literals', () => {
    const script = pgbenchScript(
      [
        { text: 'select set_config($1, $2, true)', params: ['role', 'web_anon'] },
        { text: 'select * from t where id = $1 and x is not distinct from $2;', params: ['4711', null] },
      ],
      4711,
      100,
    );
    assert.equal(script.randomId, true);
    assert.deepEqual(script.defines, { s1p1: 'role', s1p2: 'web_anon' });
    assert.deepEqual(script.text.split('\n').slice(1), [
      '\\set id random(1, 100)',
      '\\startpipeline',
      'select set_config(:s1p1, :s1p2, true);',
      'select * from t where id = :id and x is not distinct from NULL;',
      '\\endpipeline',
      '',
    ]);
  });

  it('writes Lua string literals wrk can read', () => {
    assert.equal(luaString('a"b\\c\né'), '"a\\"b\\\\c\\010\\195\\169"');
  });
});

function runBench(args: ReadonlyArray<string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bench', 'run.ts'), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 90_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('npm run bench -- --smoke measures every scenario and writes the report', { timeout: 120_000 }, async (t) => {
  const started = performance.now();
  const { code, stderr } = await runBench(['--smoke', '--out', out]);
  t.diagnostic(`smoke run: ${Math.round(performance.now() - started)} ms`);
  assert.equal(code, 0, stderr);

  const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as BenchResults;
  const report = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
  const chart = fs.readFileSync(path.join(out, 'chart.svg'), 'utf8');
  assert.match(chart, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(report, /## Machine/);
  assert.ok(results.machine.gitCommit !== 'unknown');

  const scenarios = results.hotPath?.scenarios ?? [];
  assert.deepEqual(
    scenarios.map((s) => s.name),
    ['get-one', 'get-embed', 'count-exact', 'post-one', 'post-bulk', 'patch-one', 'rpc', 'jwt-rls'],
  );
  for (const s of scenarios) {
    assert.ok(report.includes(s.title), `the report lists ${s.name}`);
    // PostgREST serves every scenario: if it does not, the harness (dataset, request, check) is broken.
    assert.equal(s.postgrest.available, true, `PostgREST on ${s.name}: ${s.postgrest.reason}`);
    assert.equal(s.postgrest.reason, null, `PostgREST on ${s.name}: ${s.postgrest.reason}`);
    const [run] = s.postgrest.runs;
    assert.ok(run !== undefined && run.requests > 0, `PostgREST on ${s.name} answered requests`);
    assert.equal(run.non2xx + run.socketErrors, 0, `PostgREST on ${s.name}: errors`);
    if (!s.restgres.available) {
      t.diagnostic(`${s.name}: restgres not available yet (${s.restgres.reason})`);
      continue;
    }
    assert.equal(s.restgres.reason, null, `restgres on ${s.name}: ${s.restgres.reason}`);
    assert.ok((s.restgres.runs[0]?.requests ?? 0) > 0, `restgres on ${s.name} answered requests`);
    // The ceiling replays the SQL captured from restgres; a failure here means the capture broke.
    if (pgbenchAvailable()) {
      assert.ok(s.ceiling.runs.length > 0, `pgbench could not replay restgres' SQL for ${s.name}: ${s.ceiling.reason}`);
    }
  }
});
