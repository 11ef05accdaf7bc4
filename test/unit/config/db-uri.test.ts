// db-uri → libpq keywords. The expected values were checked against libpq 18's PQconninfoParse.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.ts';
import { isConnectionUri, parseDbUri } from '../../../src/config/db-uri.ts';

describe('parseDbUri: URIs', () => {
  const cases: ReadonlyArray<{ readonly uri: string; readonly expected: Record<string, string> }> = [
    { uri: 'postgresql://', expected: {} },
    { uri: 'postgres://', expected: {} },
    { uri: 'postgresql://localhost', expected: { host: 'localhost' } },
    { uri: 'postgresql://localhost:5433', expected: { host: 'localhost', port: '5433' } },
    { uri: 'postgresql://localhost/mydb', expected: { host: 'localhost', dbname: 'mydb' } },
    { uri: 'postgresql://app@localhost', expected: { user: 'app', host: 'localhost' } },
    { uri: 'postgresql://app:secret@localhost', expected: { user: 'app', password: 'secret', host: 'localhost' } },
    { uri: 'postgresql://:pw@h', expected: { password: 'pw', host: 'h' } },
    { uri: 'postgresql://:@h', expected: { host: 'h' } },
    { uri: 'postgresql://app@', expected: { user: 'app' } },
    {
      uri: 'postgresql://app@db.example.com/shop?connect_timeout=10&application_name=api',
      expected: { user: 'app', host: 'db.example.com', dbname: 'shop', connect_timeout: '10', application_name: 'api' },
    },
    // Several hosts: libpq keeps comma-separated lists, with empty items for missing ports.
    {
      uri: 'postgresql://host1:123,host2:456/somedb?target_session_attrs=read-write',
      expected: { host: 'host1,host2', port: '123,456', dbname: 'somedb', target_session_attrs: 'read-write' },
    },
    { uri: 'postgresql://h1,h2/db', expected: { host: 'h1,h2', port: ',', dbname: 'db' } },
    { uri: 'postgresql://[::1],h2:7/db', expected: { host: '::1,h2', port: ',7', dbname: 'db' } },
    // IPv6 literals in brackets; the brackets are not part of the host.
    { uri: 'postgresql://[::1]:5432/db', expected: { host: '::1', port: '5432', dbname: 'db' } },
    { uri: 'postgresql://[2001:db8::1234]/database', expected: { host: '2001:db8::1234', dbname: 'database' } },
    // Unix socket directories: a host query parameter or a percent-encoded path.
    {
      uri: 'postgresql:///dbname?host=/var/run/postgresql',
      expected: { dbname: 'dbname', host: '/var/run/postgresql' },
    },
    {
      uri: 'postgresql://%2Fvar%2Frun%2Fpostgresql/dbname',
      expected: { host: '/var/run/postgresql', dbname: 'dbname' },
    },
    // Credentials end at the first '@' before any '/', so '?' and ':' may appear unencoded in a password.
    {
      uri: 'postgres://admin2:?pass?special?@localhost:5432/postgres',
      expected: { user: 'admin2', password: '?pass?special?', host: 'localhost', port: '5432', dbname: 'postgres' },
    },
    { uri: 'postgres://u:p@ss@h/d', expected: { user: 'u', password: 'p', host: 'ss@h', dbname: 'd' } },
    // Percent-decoding everywhere; '+' is not a space; bytes are UTF-8.
    { uri: 'postgresql://u%40x:p%3Aw@h/d%20b', expected: { user: 'u@x', password: 'p:w', host: 'h', dbname: 'd b' } },
    { uri: 'postgresql://h/d+b', expected: { host: 'h', dbname: 'd+b' } },
    { uri: 'postgresql://h/%C3%A9', expected: { host: 'h', dbname: 'é' } },
    { uri: 'postgresql://h/ db ', expected: { host: 'h', dbname: 'db' } },
    {
      uri: 'postgresql://h/db?options=-c%20search_path%3Dapi',
      expected: { host: 'h', dbname: 'db', options: '-c search_path=api' },
    },
    // Query parameters override the parts before them; the last one wins.
    { uri: 'postgresql://h/db?port=7&dbname=other', expected: { host: 'h', dbname: 'other', port: '7' } },
    {
      uri: 'postgresql://h/db?sslmode=require&sslmode=disable',
      expected: { host: 'h', dbname: 'db', sslmode: 'disable' },
    },
    { uri: 'postgresql://h/db?ssl=true', expected: { host: 'h', dbname: 'db', sslmode: 'require' } },
    { uri: 'postgresql://h?requiressl=1', expected: { host: 'h', sslmode: 'require' } },
    { uri: 'postgresql://h/db?', expected: { host: 'h', dbname: 'db' } },
    { uri: 'postgresql://h:/db', expected: { host: 'h', dbname: 'db' } },
    { uri: 'postgresql://h/db/extra', expected: { host: 'h', dbname: 'db/extra' } },
  ];
  for (const { uri, expected } of cases) {
    it(uri, () => assert.deepEqual(parseDbUri(uri), expected));
  }
});

describe('parseDbUri: key=value strings', () => {
  const cases: ReadonlyArray<{ readonly uri: string; readonly expected: Record<string, string> }> = [
    { uri: '', expected: {} },
    { uri: '   ', expected: {} },
    { uri: 'host=localhost port=5432 dbname=mydb', expected: { host: 'localhost', port: '5432', dbname: 'mydb' } },
    { uri: '  host = localhost   dbname =  x  ', expected: { host: 'localhost', dbname: 'x' } },
    { uri: String.raw`password='it\'s a pw' user=a\ b`, expected: { password: "it's a pw", user: 'a b' } },
    { uri: "password='' host=h", expected: { password: '', host: 'h' } },
    { uri: 'password=', expected: { password: '' } },
    { uri: 'dbname=a=b', expected: { dbname: 'a=b' } },
    { uri: 'host=/run/postgresql\tuser=app', expected: { host: '/run/postgresql', user: 'app' } },
    { uri: 'host=a,b port=1', expected: { host: 'a,b', port: '1' } },
    { uri: 'requiressl=0', expected: { sslmode: 'prefer' } },
  ];
  for (const { uri, expected } of cases) {
    it(JSON.stringify(uri), () => assert.deepEqual(parseDbUri(uri), expected));
  }
});

describe('parseDbUri: errors', () => {
  const cases: ReadonlyArray<{ readonly uri: string; readonly problem: string }> = [
    { uri: 'tmp_db', problem: 'expected a postgresql:// URI or libpq key=value pairs' },
    { uri: 'mysql://h/db', problem: 'expected a postgresql:// URI or libpq key=value pairs' },
    { uri: 'postgresql://h/db?foo=bar', problem: 'unknown URI query parameter "foo"' },
    { uri: 'postgresql://h/db?ssl=false', problem: 'unknown URI query parameter "ssl"' },
    { uri: 'postgresql://h/db?a', problem: 'query parameter "a" has no "="' },
    { uri: 'postgresql://h/db?port=1&&sslmode=require', problem: 'query parameter "" has no "="' },
    { uri: 'postgresql://h/db?a=b=c', problem: 'query parameter "a=b=c" has more than one "="' },
    { uri: 'postgresql://h/%zz', problem: 'invalid percent-encoding "%zz"' },
    { uri: 'postgresql://h/%4', problem: 'invalid percent-encoding "%4"' },
    { uri: 'postgresql://h/a%00b', problem: '%00 is not allowed' },
    { uri: 'postgresql://h/d b', problem: 'spaces inside the URI must be written %20' },
    { uri: 'postgresql://[::1', problem: 'missing "]" after an IPv6 host address' },
    { uri: 'postgresql://[]/db', problem: 'empty IPv6 host address in brackets' },
    {
      uri: 'postgresql://[::1]x/db',
      problem: 'unexpected "x" after an IPv6 host address (expected ":", "/", "?" or ",")',
    },
    { uri: 'host=h foo=bar', problem: 'unknown connection option "foo"' },
    { uri: 'ssl=true', problem: 'unknown connection option "ssl"' },
    { uri: '=x', problem: 'unknown connection option ""' },
    { uri: 'host=h dbname=x extra', problem: 'missing "=" after "extra"' },
    { uri: "host=h dbname='x", problem: 'unterminated quoted value for "dbname"' },
  ];
  for (const { uri, problem } of cases) {
    it(uri, () => {
      assert.throws(
        () => parseDbUri(uri),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, `Invalid value for db-uri: ${problem}`);
          assert.equal(error.key, 'db-uri');
          return true;
        },
      );
    });
  }

  it('never repeats a password in its message', () => {
    assert.throws(
      () => parseDbUri('postgresql://app:hunter2@h/d b'),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('hunter2'),
    );
  });
});

describe('isConnectionUri', () => {
  it('recognises both prefixes and nothing else', () => {
    assert.equal(isConnectionUri('postgresql://h'), true);
    assert.equal(isConnectionUri('postgres://h'), true);
    assert.equal(isConnectionUri('host=h'), false);
    assert.equal(isConnectionUri('POSTGRES://h'), false);
  });
});
