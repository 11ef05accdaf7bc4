// loadConfig: defaults, every key from the file, the environment and the database, aliases,
// precedence, @file values, and every validation message.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { AppConfig } from '../../../src/config/app-config.ts';
import { ConfigError } from '../../../src/config/config-error.ts';
import { CONFIG_KEYS } from '../../../src/config/keys.ts';
import { decodeJwtSecret, loadConfig, readConfigFile } from '../../../src/config/load.ts';

const PATH = '/etc/restgres/test.conf';
const SECRET = 'a-secret-of-at-least-thirty-two-characters';

type Env = Record<string, string>;

function fromFile(text: string, env: Env = {}): AppConfig {
  return loadConfig({ file: { path: PATH, text }, env });
}

function fromEnv(env: Env): AppConfig {
  return loadConfig({ file: null, env });
}

function throwsConfigError(fn: () => unknown, message: string, key?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.message, message);
    if (key !== undefined) assert.equal(error.key, key);
    return true;
  });
}

const DEFAULTS: AppConfig = {
  adminServerHost: '!4',
  adminServerPort: null,
  adminServerUnixSocket: null,
  adminServerUnixSocketMode: 0o660,
  appSettings: [],
  clientErrorVerbosity: 'verbose',
  dbAggregatesEnabled: false,
  dbAnonRole: null,
  dbChannel: 'pgrst',
  dbChannelEnabled: true,
  dbConfig: true,
  dbExtraSearchPath: ['public'],
  dbHoistedTxSettings: ['statement_timeout', 'plan_filter.statement_cost_limit', 'default_transaction_isolation'],
  dbMaxRows: null,
  dbPlanEnabled: false,
  dbPool: 10,
  dbPoolAcquisitionTimeout: 10,
  dbPoolAutomaticRecovery: true,
  dbPoolMaxIdletime: 30,
  dbPoolMaxLifetime: 1800,
  dbPreConfig: null,
  dbPreRequest: null,
  dbPreparedStatements: true,
  dbRootSpec: null,
  dbSchemas: ['public'],
  dbTxEnd: 'commit',
  dbUri: 'postgresql://',
  jwtAud: null,
  jwtCacheMaxEntries: 1000,
  jwtRoleClaimKey: '$.role',
  jwtSecret: null,
  jwtSecretIsBase64: false,
  logLevel: 'error',
  logQuery: false,
  openapiMode: 'follow-privileges',
  openapiSecurityActive: false,
  openapiServerProxyUri: null,
  serverCorsAllowedOrigins: null,
  serverHost: '!4',
  serverPort: 3000,
  serverReuseport: false,
  serverTimingEnabled: false,
  serverTraceHeader: null,
  serverUnixSocket: null,
  serverUnixSocketMode: 0o660,
  urlUseLegacyTargetNames: true,
  internalSchemaCacheQuerySleep: null,
  internalSchemaCacheQuerySleepBeforeQueries: null,
};

describe('loadConfig: defaults', () => {
  it('with no file and no variables', () => assert.deepEqual(fromEnv({}), DEFAULTS));
  it('with an empty file', () => assert.deepEqual(fromFile('# nothing\n'), DEFAULTS));
  it('ignores unknown PGRST_ variables and unrelated ones', () => {
    assert.deepEqual(
      fromEnv({ PGRST_NOT_EXISTING: 'x', PGRST_: 'y', HOME: '/root', pgrst_server_port: '1' }),
      DEFAULTS,
    );
  });
});

/**
 * One row per key: a value as written in a file, the same as a PGRST_ variable, and the AppConfig
 * field it lands in. Every catalog key has a row (checked below).
 */
const EVERY_KEY: ReadonlyArray<{
  readonly key: string;
  readonly file: string;
  readonly env: string;
  readonly expected: Partial<AppConfig>;
}> = [
  { key: 'admin-server-host', file: '"127.0.0.1"', env: '127.0.0.1', expected: { adminServerHost: '127.0.0.1' } },
  { key: 'admin-server-port', file: '3001', env: '3001', expected: { adminServerPort: 3001 } },
  {
    key: 'admin-server-unix-socket',
    file: '"/run/admin.sock"',
    env: '/run/admin.sock',
    expected: { adminServerUnixSocket: '/run/admin.sock' },
  },
  { key: 'admin-server-unix-socket-mode', file: '"600"', env: '600', expected: { adminServerUnixSocketMode: 0o600 } },
  { key: 'client-error-verbosity', file: '"minimal"', env: 'minimal', expected: { clientErrorVerbosity: 'minimal' } },
  { key: 'db-aggregates-enabled', file: 'true', env: 'true', expected: { dbAggregatesEnabled: true } },
  { key: 'db-anon-role', file: '"web_anon"', env: 'web_anon', expected: { dbAnonRole: 'web_anon' } },
  { key: 'db-channel', file: '"restgres"', env: 'restgres', expected: { dbChannel: 'restgres' } },
  { key: 'db-channel-enabled', file: 'false', env: 'false', expected: { dbChannelEnabled: false } },
  { key: 'db-config', file: 'false', env: 'false', expected: { dbConfig: false } },
  {
    key: 'db-extra-search-path',
    file: '"public, extensions"',
    env: 'public, extensions',
    expected: { dbExtraSearchPath: ['public', 'extensions'] },
  },
  {
    key: 'db-hoisted-tx-settings',
    file: '"work_mem"',
    env: 'work_mem',
    expected: { dbHoistedTxSettings: ['work_mem'] },
  },
  { key: 'db-max-rows', file: '1000', env: '1000', expected: { dbMaxRows: 1000 } },
  { key: 'db-plan-enabled', file: 'true', env: 'true', expected: { dbPlanEnabled: true } },
  { key: 'db-pool', file: '3', env: '3', expected: { dbPool: 3 } },
  { key: 'db-pool-acquisition-timeout', file: '30', env: '30', expected: { dbPoolAcquisitionTimeout: 30 } },
  { key: 'db-pool-automatic-recovery', file: 'false', env: 'false', expected: { dbPoolAutomaticRecovery: false } },
  { key: 'db-pool-max-idletime', file: '60', env: '60', expected: { dbPoolMaxIdletime: 60 } },
  { key: 'db-pool-max-lifetime', file: '3600', env: '3600', expected: { dbPoolMaxLifetime: 3600 } },
  {
    key: 'db-pre-config',
    file: '"postgrest.pre_config"',
    env: 'postgrest.pre_config',
    expected: { dbPreConfig: 'postgrest.pre_config' },
  },
  { key: 'db-pre-request', file: '"api.check"', env: 'api.check', expected: { dbPreRequest: 'api.check' } },
  { key: 'db-prepared-statements', file: 'false', env: 'false', expected: { dbPreparedStatements: false } },
  { key: 'db-root-spec', file: '"root"', env: 'root', expected: { dbRootSpec: 'root' } },
  { key: 'db-schemas', file: '"api,  v2 ,v1"', env: 'api,  v2 ,v1', expected: { dbSchemas: ['api', 'v2', 'v1'] } },
  {
    key: 'db-tx-end',
    file: '"rollback-allow-override"',
    env: 'rollback-allow-override',
    expected: { dbTxEnd: 'rollback-allow-override' },
  },
  {
    key: 'db-uri',
    file: '"postgres://app@db/shop"',
    env: 'postgres://app@db/shop',
    expected: { dbUri: 'postgres://app@db/shop' },
  },
  {
    key: 'jwt-aud',
    file: '"https://api.example.com"',
    env: 'https://api.example.com',
    expected: { jwtAud: 'https://api.example.com' },
  },
  { key: 'jwt-cache-max-entries', file: '0', env: '0', expected: { jwtCacheMaxEntries: 0 } },
  {
    key: 'jwt-role-claim-key',
    file: '"$$.user.role"',
    env: '$.user.role',
    expected: { jwtRoleClaimKey: '$.user.role' },
  },
  { key: 'jwt-secret', file: `"${SECRET}"`, env: SECRET, expected: { jwtSecret: SECRET } },
  { key: 'jwt-secret-is-base64', file: 'false', env: 'FALSE', expected: { jwtSecretIsBase64: false } },
  { key: 'log-level', file: '"debug"', env: 'debug', expected: { logLevel: 'debug' } },
  { key: 'log-query', file: 'true', env: 'true', expected: { logQuery: true } },
  { key: 'openapi-mode', file: '"disabled"', env: 'disabled', expected: { openapiMode: 'disabled' } },
  { key: 'openapi-security-active', file: 'true', env: 'true', expected: { openapiSecurityActive: true } },
  {
    key: 'openapi-server-proxy-uri',
    file: '"https://example.com:8443/api"',
    env: 'https://example.com:8443/api',
    expected: { openapiServerProxyUri: 'https://example.com:8443/api' },
  },
  {
    key: 'server-cors-allowed-origins',
    file: '"https://a.example, https://b.example"',
    env: 'https://a.example, https://b.example',
    expected: { serverCorsAllowedOrigins: ['https://a.example', 'https://b.example'] },
  },
  // admin-server-host follows server-host unless it is set itself.
  {
    key: 'server-host',
    file: '"0.0.0.0"',
    env: '0.0.0.0',
    expected: { serverHost: '0.0.0.0', adminServerHost: '0.0.0.0' },
  },
  { key: 'server-port', file: '8080', env: '8080', expected: { serverPort: 8080 } },
  { key: 'server-reuseport', file: 'true', env: 'true', expected: { serverReuseport: true } },
  { key: 'server-timing-enabled', file: 'true', env: 'true', expected: { serverTimingEnabled: true } },
  {
    key: 'server-trace-header',
    file: '"X-Request-Id"',
    env: 'X-Request-Id',
    expected: { serverTraceHeader: 'X-Request-Id' },
  },
  {
    key: 'server-unix-socket',
    file: '"/run/api.sock"',
    env: '/run/api.sock',
    expected: { serverUnixSocket: '/run/api.sock' },
  },
  { key: 'server-unix-socket-mode', file: '"777"', env: '777', expected: { serverUnixSocketMode: 0o777 } },
  { key: 'url-use-legacy-target-names', file: 'false', env: 'false', expected: { urlUseLegacyTargetNames: false } },
  {
    key: 'internal-schema-cache-query-sleep',
    file: '1000',
    env: '1000',
    expected: { internalSchemaCacheQuerySleep: 1000 },
  },
  {
    key: 'internal-schema-cache-query-sleep-before-queries',
    file: '500',
    env: '500',
    expected: { internalSchemaCacheQuerySleepBeforeQueries: 500 },
  },
];

describe('loadConfig: every key', () => {
  it('has a row for every catalog key', () => {
    const rows = EVERY_KEY.map((row) => row.key).sort();
    const keys = CONFIG_KEYS.map((k) => k.name)
      .filter((name) => name !== 'app.settings.*')
      .sort();
    assert.deepEqual(rows, keys);
  });

  for (const row of EVERY_KEY) {
    const k = CONFIG_KEYS.find((c) => c.name === row.key);
    it(`${row.key} from the file`, () =>
      assert.deepEqual(fromFile(`${row.key} = ${row.file}`), { ...DEFAULTS, ...row.expected }));
    it(`${row.key} from ${k?.envVar}`, () => {
      assert.deepEqual(fromEnv({ [k?.envVar ?? '']: row.env }), { ...DEFAULTS, ...row.expected });
    });
    if (k?.inDbName != null) {
      const inDb = k.inDbName;
      it(`${row.key} from ${inDb}`, () => {
        const config = loadConfig({ file: null, env: {}, db: new Map([[inDb, row.env]]) });
        assert.deepEqual(config, { ...DEFAULTS, ...row.expected });
      });
    }
  }
});

describe('loadConfig: aliases', () => {
  const cases: ReadonlyArray<{
    readonly alias: string;
    readonly file: string;
    readonly env: string;
    readonly expected: Partial<AppConfig>;
  }> = [
    { alias: 'db-schema', file: '"api"', env: 'api', expected: { dbSchemas: ['api'] } },
    { alias: 'max-rows', file: '50', env: '50', expected: { dbMaxRows: 50 } },
    { alias: 'pre-request', file: '"check"', env: 'check', expected: { dbPreRequest: 'check' } },
    { alias: 'root-spec', file: '"root"', env: 'root', expected: { dbRootSpec: 'root' } },
    { alias: 'role-claim-key', file: '".role"', env: '.role', expected: { jwtRoleClaimKey: '.role' } },
    { alias: 'secret-is-base64', file: 'true', env: 'true', expected: { jwtSecretIsBase64: true } },
    { alias: 'db-pool-timeout', file: '5', env: '5', expected: { dbPoolMaxIdletime: 5 } },
  ];
  for (const { alias, file, env, expected } of cases) {
    it(`${alias} in the file`, () => assert.deepEqual(fromFile(`${alias} = ${file}`), { ...DEFAULTS, ...expected }));
    const envVar = `PGRST_${alias.replaceAll('-', '_').toUpperCase()}`;
    it(`${envVar}`, () => assert.deepEqual(fromEnv({ [envVar]: env }), { ...DEFAULTS, ...expected }));
  }
  it('the canonical name beats the alias in the same source', () => {
    assert.deepEqual(fromFile('db-schema = "old"\ndb-schemas = "new"').dbSchemas, ['new']);
    assert.deepEqual(fromEnv({ PGRST_DB_SCHEMA: 'old', PGRST_DB_SCHEMAS: 'new' }).dbSchemas, ['new']);
    assert.equal(fromFile('db-pool-timeout = 1\ndb-pool-max-idletime = 2').dbPoolMaxIdletime, 2);
  });
  it('an alias in a stronger source beats the canonical name in a weaker one', () => {
    assert.deepEqual(fromFile('db-schemas = "file"', { PGRST_DB_SCHEMA: 'env' }).dbSchemas, ['env']);
  });
  it('aliases are not read from the database', () => {
    const config = loadConfig({ file: null, env: {}, db: new Map([['pgrst.db_schema', 'x']]) });
    assert.deepEqual(config.dbSchemas, ['public']);
  });
});

describe('loadConfig: precedence', () => {
  it('database > environment > file > default', () => {
    const file = { path: PATH, text: 'db-anon-role = "file"\ndb-max-rows = 1\ndb-pool = 4' };
    const env = { PGRST_DB_ANON_ROLE: 'env', PGRST_DB_MAX_ROWS: '2' };
    const config = loadConfig({ file, env, db: new Map([['pgrst.db_anon_role', 'db']]) });
    assert.equal(config.dbAnonRole, 'db');
    assert.equal(config.dbMaxRows, 2);
    assert.equal(config.dbPool, 4);
    assert.equal(config.dbChannel, 'pgrst');
  });
  it('accepts in-database names with or without the prefix, with _ or -', () => {
    for (const name of ['pgrst.db_schemas', 'db_schemas', 'db-schemas']) {
      assert.deepEqual(loadConfig({ file: null, env: {}, db: new Map([[name, 'api']]) }).dbSchemas, ['api'], name);
    }
  });
  it('ignores database settings for keys PostgREST does not read from the database', () => {
    const db = new Map([
      ['pgrst.server_port', '1'],
      ['pgrst.db_pool', '1'],
      ['pgrst.unknown', 'x'],
    ]);
    assert.deepEqual(loadConfig({ file: null, env: {}, db }), DEFAULTS);
  });
  it('an empty value means unset, and it hides weaker sources', () => {
    assert.equal(fromFile('db-anon-role = "file"', { PGRST_DB_ANON_ROLE: '' }).dbAnonRole, null);
    assert.equal(fromFile('db-anon-role = ""').dbAnonRole, null);
    assert.deepEqual(fromFile('db-schemas = "api"', { PGRST_DB_SCHEMAS: '' }).dbSchemas, ['public']);
    assert.equal(fromFile('db-max-rows = 5', { PGRST_DB_MAX_ROWS: '' }).dbMaxRows, null);
    assert.equal(fromFile('db-config = false', { PGRST_DB_CONFIG: '' }).dbConfig, true);
    assert.equal(fromEnv({ PGRST_SERVER_CORS_ALLOWED_ORIGINS: '' }).serverCorsAllowedOrigins, null);
    const db = new Map([['pgrst.db_anon_role', '']]);
    assert.equal(loadConfig({ file: null, env: { PGRST_DB_ANON_ROLE: 'env' }, db }).dbAnonRole, null);
  });
  it('an empty db-extra-search-path means no extra schemas', () => {
    assert.deepEqual(fromEnv({ PGRST_DB_EXTRA_SEARCH_PATH: '' }).dbExtraSearchPath, []);
    assert.deepEqual(fromFile('db-extra-search-path = ""').dbExtraSearchPath, []);
  });
  it('admin-server-host follows server-host from any source unless set itself', () => {
    assert.equal(fromFile('server-host = "file-host"', { PGRST_SERVER_HOST: 'env-host' }).adminServerHost, 'env-host');
    assert.equal(fromFile('admin-server-host = "admin"', { PGRST_SERVER_HOST: 'env-host' }).adminServerHost, 'admin');
  });
  it('interpolates the environment into file strings', () => {
    assert.equal(fromFile('db-uri = "postgres://$(DBUSER)@h/d"', { DBUSER: 'app' }).dbUri, 'postgres://app@h/d');
  });
  it('takes bare numbers and booleans for string keys as written', () => {
    const config = fromFile('db-anon-role = 123\ndb-channel = true\nserver-unix-socket-mode = 640');
    assert.equal(config.dbAnonRole, '123');
    assert.equal(config.dbChannel, 'true');
    assert.equal(config.serverUnixSocketMode, 0o640);
  });
});

describe('loadConfig: app.settings', () => {
  it('reads them from the file in file order, without the prefix', () => {
    const config = fromFile('app.settings.b = "2"\napp.settings { a = "1" }\napp.settings.n = 5\napp.settings.e = ""');
    assert.deepEqual(config.appSettings, [
      ['b', '2'],
      ['a', '1'],
      ['n', '5'],
      ['e', ''],
    ]);
  });
  it('PGRST_APP_SETTINGS_<NAME> overrides or adds, keeping the name case', () => {
    const config = fromFile('app.settings.a = "file"\napp.settings.b = "file"', {
      PGRST_APP_SETTINGS_b: 'env',
      PGRST_APP_SETTINGS_Zed: 'z',
      PGRST_APP_SETTINGS_JWT_EXP: '3600',
      PGRST_APP_SETTINGS_: 'ignored',
    });
    assert.deepEqual(config.appSettings, [
      ['a', 'file'],
      ['b', 'env'],
      ['JWT_EXP', '3600'],
      ['Zed', 'z'],
    ]);
  });
});

describe('loadConfig: booleans', () => {
  const cases: ReadonlyArray<{ readonly value: string; readonly expected: boolean }> = [
    { value: 'true', expected: true },
    { value: 'TRUE', expected: true },
    { value: 'True', expected: true },
    { value: ' false ', expected: false },
    { value: '"false"', expected: false },
    { value: "'true'", expected: true },
    { value: '1', expected: true },
    { value: '42', expected: true },
    { value: '0', expected: false },
    { value: '-1', expected: false },
  ];
  for (const { value, expected } of cases) {
    it(`PGRST_DB_CONFIG=${value}`, () => assert.equal(fromEnv({ PGRST_DB_CONFIG: value }).dbConfig, expected));
  }
  const fileCases: ReadonlyArray<{ readonly value: string; readonly expected: boolean }> = [
    { value: 'false', expected: false },
    { value: 'off', expected: false },
    { value: 'on', expected: true },
    { value: 'False', expected: false },
    { value: '"FALSE"', expected: false },
    { value: '"1"', expected: true },
    { value: '0', expected: false },
    { value: '2', expected: true },
  ];
  for (const { value, expected } of fileCases) {
    it(`db-config = ${value}`, () => assert.equal(fromFile(`db-config = ${value}`).dbConfig, expected));
  }
});

describe('loadConfig: integers', () => {
  const cases: ReadonlyArray<{ readonly file: string; readonly expected: number }> = [
    { file: '8080', expected: 8080 },
    { file: '"8080"', expected: 8080 },
    { file: '" 8080 "', expected: 8080 },
    { file: '8.08e3', expected: 8080 },
    { file: '8080.0', expected: 8080 },
    { file: '0', expected: 0 },
  ];
  for (const { file, expected } of cases) {
    it(`server-port = ${file}`, () => assert.equal(fromFile(`server-port = ${file}`).serverPort, expected));
  }
});

describe('loadConfig: @file values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'restgres-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('db-uri is read from the file and trimmed', () => {
    const path = write('uri', '  postgres://app@db/shop \n\n');
    assert.equal(fromEnv({ PGRST_DB_URI: `@${path}` }).dbUri, 'postgres://app@db/shop');
  });
  it('jwt-secret is read from the file minus one trailing newline', () => {
    const path = write('secret', `${SECRET}\n\n`);
    assert.equal(fromFile(`jwt-secret = "@${path}"`).jwtSecret, `${SECRET}\n`);
    const plain = write('secret2', SECRET);
    assert.equal(fromFile(`jwt-secret = "@${plain}"`).jwtSecret, SECRET);
  });
  it('a reload keeps the previous db-uri without reading its file again', () => {
    const config = loadConfig({ file: null, env: { PGRST_DB_URI: `@${dir}/gone` }, previousDbUri: 'postgres://kept' });
    assert.equal(config.dbUri, 'postgres://kept');
  });
  it('other keys keep a leading @', () => {
    assert.equal(fromEnv({ PGRST_DB_ANON_ROLE: '@anon' }).dbAnonRole, '@anon');
  });
  it('a missing file is an error naming the key', () => {
    throwsConfigError(
      () => fromEnv({ PGRST_DB_URI: `@${dir}/nope` }),
      `Invalid value for db-uri: cannot read file ${dir}/nope: ENOENT: no such file or directory`,
      'db-uri',
    );
    throwsConfigError(
      () => fromEnv({ PGRST_JWT_SECRET: `@${dir}` }),
      `Invalid value for jwt-secret: cannot read file ${dir}: EISDIR: illegal operation on a directory`,
      'jwt-secret',
    );
  });
  it('the config file is read by readConfigFile, imports next to it', () => {
    write('main.conf', 'db-pool = 3\nimport "more.conf"\n');
    write('more.conf', 'db-schemas = "api"\n');
    const file = readConfigFile(join(dir, 'main.conf'));
    assert.deepEqual(file, { path: join(dir, 'main.conf'), text: 'db-pool = 3\nimport "more.conf"\n' });
    const config = loadConfig({ file, env: {} });
    assert.equal(config.dbPool, 3);
    assert.deepEqual(config.dbSchemas, ['api']);
  });
  it('an unreadable config file is a ConfigError', () => {
    throwsConfigError(
      () => readConfigFile(join(dir, 'missing.conf')),
      `Cannot read config file ${join(dir, 'missing.conf')}: ENOENT: no such file or directory`,
    );
  });
});

describe('loadConfig: validation errors', () => {
  const cases: ReadonlyArray<{ readonly env?: Env; readonly file?: string; readonly message: string }> = [
    // integers
    { env: { PGRST_SERVER_PORT: 'abc' }, message: 'Invalid value for server-port: "abc" is not an integer' },
    { file: 'server-port = "3000.5"', message: 'Invalid value for server-port: "3000.5" is not an integer' },
    { file: 'server-port = 3000.5', message: 'Invalid value for server-port: 3000.5 is not an integer' },
    { file: 'server-port = true', message: 'Invalid value for server-port: true is not an integer' },
    {
      env: { PGRST_SERVER_PORT: '70000' },
      message: 'Invalid value for server-port: "70000" is not a port number (0 to 65535)',
    },
    {
      env: { PGRST_SERVER_PORT: '-1' },
      message: 'Invalid value for server-port: "-1" is not a port number (0 to 65535)',
    },
    {
      env: { PGRST_ADMIN_SERVER_PORT: '1e3' },
      message: 'Invalid value for admin-server-port: "1e3" is not an integer',
    },
    {
      env: { PGRST_DB_MAX_ROWS: '99999999999999999999' },
      message: 'Invalid value for db-max-rows: "99999999999999999999" is not an integer',
    },
    { env: { PGRST_DB_POOL: '0' }, message: 'Invalid value for db-pool: "0" is below the minimum of 1' },
    { file: 'db-pool = 0', message: 'Invalid value for db-pool: 0 is below the minimum of 1' },
    { env: { PGRST_DB_MAX_ROWS: '-5' }, message: 'Invalid value for db-max-rows: "-5" is below the minimum of 0' },
    {
      env: { PGRST_DB_POOL_ACQUISITION_TIMEOUT: '-1' },
      message: 'Invalid value for db-pool-acquisition-timeout: "-1" is below the minimum of 0',
    },
    { env: { PGRST_DB_POOL_TIMEOUT: 'x' }, message: 'Invalid value for db-pool-max-idletime: "x" is not an integer' },
    // booleans
    { env: { PGRST_DB_CONFIG: 'yes' }, message: 'Invalid value for db-config: "yes" is not a boolean (true or false)' },
    { file: 'db-config = "on"', message: 'Invalid value for db-config: "on" is not a boolean (true or false)' },
    { file: 'db-config = 0.5', message: 'Invalid value for db-config: 0.5 is not a boolean (true or false)' },
    {
      env: { PGRST_SERVER_REUSEPORT: 't' },
      message: 'Invalid value for server-reuseport: "t" is not a boolean (true or false)',
    },
    // enumerations
    {
      env: { PGRST_LOG_LEVEL: 'verbose' },
      message: 'Invalid value for log-level: "verbose" is not one of crit, error, warn, info, debug',
    },
    {
      env: { PGRST_LOG_LEVEL: 'INFO' },
      message: 'Invalid value for log-level: "INFO" is not one of crit, error, warn, info, debug',
    },
    {
      env: { PGRST_OPENAPI_MODE: 'off' },
      message: 'Invalid value for openapi-mode: "off" is not one of follow-privileges, ignore-privileges, disabled',
    },
    {
      env: { PGRST_DB_TX_END: 'abort' },
      message:
        'Invalid value for db-tx-end: "abort" is not one of commit, commit-allow-override, rollback, rollback-allow-override',
    },
    {
      env: { PGRST_CLIENT_ERROR_VERBOSITY: 'short' },
      message: 'Invalid value for client-error-verbosity: "short" is not one of verbose, minimal',
    },
    // lists
    {
      env: { PGRST_DB_SCHEMAS: 'api,pg_catalog' },
      message: 'Invalid value for db-schemas: schema "pg_catalog" cannot be exposed',
    },
    {
      file: 'db-schema = "information_schema"',
      message: 'Invalid value for db-schemas: schema "information_schema" cannot be exposed',
    },
    { env: { PGRST_DB_SCHEMAS: 'api,' }, message: 'Invalid value for db-schemas: "api," has an empty item' },
    {
      env: { PGRST_DB_EXTRA_SEARCH_PATH: 'a,,b' },
      message: 'Invalid value for db-extra-search-path: "a,,b" has an empty item',
    },
    { env: { PGRST_DB_SCHEMAS: ' ' }, message: 'Invalid value for db-schemas: " " has an empty item' },
    {
      file: 'db-schemas = ["a", "b"]',
      message: 'Invalid value for db-schemas: a [list] is not accepted here; write the value as a "string"',
    },
    {
      file: 'app.settings.x = [1]',
      message: 'Invalid value for app.settings.x: a [list] is not accepted here; write the value as a "string"',
    },
    // ports and sockets
    {
      env: { PGRST_SERVER_PORT: '3000', PGRST_ADMIN_SERVER_PORT: '3000' },
      message: 'Invalid value for admin-server-port: cannot be the same as server-port (3000)',
    },
    {
      file: 'admin-server-port = 3000',
      message: 'Invalid value for admin-server-port: cannot be the same as server-port (3000)',
    },
    {
      env: { PGRST_SERVER_UNIX_SOCKET_MODE: '500' },
      message: 'Invalid value for server-unix-socket-mode: "500" is not between 600 and 777',
    },
    {
      env: { PGRST_ADMIN_SERVER_UNIX_SOCKET_MODE: '1777' },
      message: 'Invalid value for admin-server-unix-socket-mode: "1777" is not between 600 and 777',
    },
    {
      env: { PGRST_SERVER_UNIX_SOCKET_MODE: '680' },
      message: 'Invalid value for server-unix-socket-mode: "680" is not an octal mode',
    },
    {
      env: { PGRST_SERVER_UNIX_SOCKET_MODE: '0o660' },
      message: 'Invalid value for server-unix-socket-mode: "0o660" is not an octal mode',
    },
    // URIs
    {
      env: { PGRST_OPENAPI_SERVER_PROXY_URI: 'example.com/api' },
      message:
        'Invalid value for openapi-server-proxy-uri: "example.com/api" is not an http(s) URI with a host and without user info or query, e.g. https://example.com:8443/api',
    },
    {
      env: { PGRST_JWT_AUD: 'urn:has space' },
      message: 'Invalid value for jwt-aud: "urn:has space" contains ":" but is not a valid URI',
    },
    {
      env: { PGRST_JWT_AUD: ':nothing' },
      message: 'Invalid value for jwt-aud: ":nothing" contains ":" but is not a valid URI',
    },
    {
      env: { PGRST_DB_URI: 'tmp_db' },
      message: 'Invalid value for db-uri: expected a postgresql:// URI or libpq key=value pairs',
    },
    {
      env: { PGRST_DB_URI: 'postgres://h/db?sslmod=require' },
      message: 'Invalid value for db-uri: unknown URI query parameter "sslmod"',
    },
    // JWT secret
    {
      env: { PGRST_JWT_SECRET: 'short' },
      message: 'Invalid value for jwt-secret: the secret must be at least 32 characters long',
    },
    {
      env: { PGRST_JWT_SECRET: 'c2hvcnQ=', PGRST_JWT_SECRET_IS_BASE64: 'true' },
      message: 'Invalid value for jwt-secret: the secret must be at least 32 characters long',
    },
    {
      env: { PGRST_JWT_SECRET: 'not base64!', PGRST_JWT_SECRET_IS_BASE64: 'true' },
      message: 'Invalid value for jwt-secret: not valid base64 (jwt-secret-is-base64 is true)',
    },
    {
      env: { PGRST_JWT_SECRET: 'YWJj', PGRST_JWT_SECRET_IS_BASE64: 'true', PGRST_DB_POOL: 'x' },
      message: 'Invalid value for jwt-secret: the secret must be at least 32 characters long',
    },
  ];
  for (const { env = {}, file, message } of cases) {
    const label =
      file ??
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
    it(label, () => {
      throwsConfigError(() => (file === undefined ? fromEnv(env) : fromFile(file, env)), message);
    });
  }

  it('sets the key on the error', () => {
    assert.throws(
      () => fromEnv({ PGRST_DB_POOL_TIMEOUT: 'x' }),
      (error: unknown) => error instanceof ConfigError && error.key === 'db-pool-max-idletime',
    );
  });
});

describe('loadConfig: what is accepted', () => {
  it('the same port twice when one side is a unix socket or port 0', () => {
    assert.equal(fromEnv({ PGRST_ADMIN_SERVER_PORT: '3000', PGRST_SERVER_UNIX_SOCKET: '/s' }).adminServerPort, 3000);
    assert.equal(
      fromEnv({ PGRST_ADMIN_SERVER_PORT: '3000', PGRST_ADMIN_SERVER_UNIX_SOCKET: '/s' }).adminServerPort,
      3000,
    );
    assert.equal(fromEnv({ PGRST_ADMIN_SERVER_PORT: '0', PGRST_SERVER_PORT: '0' }).adminServerPort, 0);
  });
  it('valid proxy URIs', () => {
    for (const uri of [
      'http://example.com',
      'HTTPS://example.com:443/a/b',
      'https://[::1]:8443/api',
      'https://10.0.0.1/',
    ]) {
      assert.equal(fromEnv({ PGRST_OPENAPI_SERVER_PROXY_URI: uri }).openapiServerProxyUri, uri, uri);
    }
  });
  it('invalid proxy URIs', () => {
    for (const uri of [
      'ftp://example.com',
      'https://user@example.com',
      'https://example.com/?q=1',
      'https://example.com/#top',
      'https://example.com:0',
      'https://example.com:65536',
      'https://example.com:',
      'https:///path',
      'https://exa mple.com',
    ]) {
      assert.throws(() => fromEnv({ PGRST_OPENAPI_SERVER_PROXY_URI: uri }), ConfigError, uri);
    }
  });
  it('audiences: plain strings and URIs', () => {
    for (const aud of ['my-api', 'urn:example:aud', 'https://api.example.com/x?y=1#z', 'mailto:a@b.c']) {
      assert.equal(fromEnv({ PGRST_JWT_AUD: aud }).jwtAud, aud, aud);
    }
  });
  it('JWK and JWKS secrets of any length, base64 and base64url secrets', () => {
    assert.equal(
      fromEnv({ PGRST_JWT_SECRET: '{"kty":"oct","k":"c2VjcmV0"}' }).jwtSecret,
      '{"kty":"oct","k":"c2VjcmV0"}',
    );
    assert.equal(fromEnv({ PGRST_JWT_SECRET: '{"keys":[]}' }).jwtSecret, '{"keys":[]}');
    const b64 = Buffer.from(SECRET).toString('base64');
    assert.equal(fromEnv({ PGRST_JWT_SECRET: b64, PGRST_JWT_SECRET_IS_BASE64: 'true' }).jwtSecret, b64);
    const b64url = b64.replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '.');
    assert.equal(fromEnv({ PGRST_JWT_SECRET: b64url, PGRST_SECRET_IS_BASE64: '1' }).jwtSecret, b64url);
  });
});

describe('loadConfig: unknown keys in the file', () => {
  const cases: ReadonlyArray<{ readonly file: string; readonly message: string }> = [
    {
      file: 'db-shemas = "api"',
      message: `Unknown key "db-shemas" in config file ${PATH} at line 1 (did you mean "db-schemas"?)`,
    },
    {
      file: '# comment\nserver-proxy-uri = "http://x"',
      message: `Unknown key "server-proxy-uri" in config file ${PATH} at line 2 (did you mean "openapi-server-proxy-uri"?)`,
    },
    { file: 'raw-media-types = "x"', message: `Unknown key "raw-media-types" in config file ${PATH} at line 1` },
    { file: 'app.settings = "x"', message: `Unknown key "app.settings" in config file ${PATH} at line 1` },
    { file: 'app { other = "x" }', message: `Unknown key "app.other" in config file ${PATH} at line 1` },
  ];
  for (const { file, message } of cases) {
    it(JSON.stringify(file), () => throwsConfigError(() => fromFile(file), message));
  }
});

describe('decodeJwtSecret', () => {
  it('decodes base64 and base64url, and refuses the rest', () => {
    assert.deepEqual(decodeJwtSecret('abc', false), Buffer.from('abc'));
    assert.deepEqual(decodeJwtSecret('YWJj', true), Buffer.from('abc'));
    assert.deepEqual(decodeJwtSecret(' YWI. ', true), Buffer.from('ab'));
    assert.deepEqual(decodeJwtSecret('-_-_', true), Buffer.from([0xfb, 0xff, 0xbf]));
    assert.equal(decodeJwtSecret('YWI', true), null);
    assert.equal(decodeJwtSecret('YW=j', true), null);
  });
});
