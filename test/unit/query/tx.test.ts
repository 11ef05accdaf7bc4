// The statements around a request's own: one set_config() call (values as parameters, in
// PostgREST's order), the db-pre-request call, and BEGIN … COMMIT only for a stricter isolation.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TxSettings, transaction } from '../../../src/query/tx.ts';

const MAIN = { text: 'SELECT 1', values: [] };

const base: TxSettings = {
  schema: 'api',
  extraSearchPath: ['public'],
  role: 'web_anon',
  roleSettings: [],
  isolation: 'read committed',
  claims: '{"role":"web_anon"}',
  method: 'GET',
  path: '/films',
  headers: '{"accept":"*/*"}',
  cookies: '{}',
  readOnly: true,
  timezone: null,
  appSettings: [],
  preRequest: null,
};

/** The set_config() names in order: every other parameter of the first settings statement. */
function settingNames(values: ReadonlyArray<string | null>): ReadonlyArray<string | null> {
  return values.filter((_, i) => i % 2 === 0);
}

describe('request transaction', () => {
  it('is one set_config() statement then the main statement, in the implicit transaction', () => {
    const tx = transaction(base, [MAIN]);
    assert.equal(tx.first, 1);
    assert.equal(tx.explicit, false);
    assert.equal(tx.statements.length, 2);
    const [setup, main] = tx.statements;
    assert.equal(
      setup?.text,
      `select ${Array.from({ length: 7 }, (_, i) => `pg_catalog.set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}, pg_catalog.set_config('transaction_read_only', 'on', true)`,
    );
    assert.deepEqual(setup?.values, [
      'search_path',
      '"api", "public"',
      'role',
      'web_anon',
      'request.jwt.claims',
      '{"role":"web_anon"}',
      'request.method',
      'GET',
      'request.path',
      '/films',
      'request.headers',
      '{"accept":"*/*"}',
      'request.cookies',
      '{}',
    ]);
    assert.deepEqual(main, MAIN);
  });

  it("sets the role's own settings before the role, and timezone and app.settings after the request data", () => {
    const tx = transaction(
      {
        ...base,
        roleSettings: [['statement_timeout', '2s']],
        timezone: 'Europe/Paris',
        appSettings: [['tenant', 'acme']],
      },
      [MAIN],
    );
    assert.deepEqual(settingNames(tx.statements[0]?.values ?? []), [
      'search_path',
      'statement_timeout',
      'role',
      'request.jwt.claims',
      'request.method',
      'request.path',
      'request.headers',
      'request.cookies',
      'timezone',
      'app.settings.tenant',
    ]);
  });

  it('opens BEGIN with the isolation level and read-only mode when the role has its own level', () => {
    const tx = transaction({ ...base, isolation: 'serializable' }, [MAIN, MAIN]);
    assert.equal(tx.explicit, true);
    assert.equal(tx.first, 2);
    assert.deepEqual(
      tx.statements.map((s) => s.text.slice(0, 40)),
      [
        'begin isolation level serializable read ',
        'select pg_catalog.set_config($1, $2, tru',
        'SELECT 1',
        'SELECT 1',
        'commit',
      ],
    );
    assert.equal(tx.statements[0]?.text, 'begin isolation level serializable read only');
    // BEGIN already makes it read-only.
    assert.doesNotMatch(tx.statements[1]?.text ?? '', /transaction_read_only/);
  });

  it('calls db-pre-request after the settings, its name quoted so config text never becomes SQL', () => {
    const tx = transaction({ ...base, preRequest: 'auth.check"(); drop table x; --' }, [MAIN]);
    assert.equal(tx.first, 2);
    assert.equal(tx.statements[1]?.text, 'select "auth"."check""(); drop table x; --"()');
    assert.equal(transaction({ ...base, preRequest: 'check' }, [MAIN]).statements[1]?.text, 'select "check"()');
  });
});
