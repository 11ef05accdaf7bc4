// --dump-config: PostgREST's `key = value` format, sorted lines, quoting, and a dump that reads back
// as the same configuration.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DUMPERS, dumpConfig } from '../../../src/config/dump.ts';
import { CONFIG_KEYS } from '../../../src/config/keys.ts';
import { loadConfig } from '../../../src/config/load.ts';

const DEFAULT_DUMP = `admin-server-host = "!4"
admin-server-port = ""
admin-server-unix-socket = ""
admin-server-unix-socket-mode = "660"
client-error-verbosity = "verbose"
db-aggregates-enabled = false
db-anon-role = ""
db-channel = "pgrst"
db-channel-enabled = true
db-config = true
db-extra-search-path = "public"
db-hoisted-tx-settings = "statement_timeout,plan_filter.statement_cost_limit,default_transaction_isolation"
db-max-rows = ""
db-plan-enabled = false
db-pool = 10
db-pool-acquisition-timeout = 10
db-pool-automatic-recovery = true
db-pool-max-idletime = 30
db-pool-max-lifetime = 1800
db-pre-config = ""
db-pre-request = ""
db-prepared-statements = true
db-root-spec = ""
db-schemas = "public"
db-tx-end = "commit"
db-uri = "postgresql://"
jwt-aud = ""
jwt-cache-max-entries = 1000
jwt-role-claim-key = "$$.role"
jwt-secret = ""
jwt-secret-is-base64 = false
log-level = "error"
log-query = false
openapi-mode = "follow-privileges"
openapi-security-active = false
openapi-server-proxy-uri = ""
server-cors-allowed-origins = ""
server-host = "!4"
server-port = 3000
server-reuseport = false
server-timing-enabled = false
server-trace-header = ""
server-unix-socket = ""
server-unix-socket-mode = "660"
url-use-legacy-target-names = true
`;

// Every key away from its default, in a deliberately unsorted file with loose spacing.
const CUSTOM_FILE = `
server-port = 80
app.settings.zeta = "last"
app.settings.alpha = "has \\"quotes\\" and a \\\\ backslash"
admin-server-port = 3001
admin-server-host = "127.0.0.1"
admin-server-unix-socket = "/run/admin.sock"
admin-server-unix-socket-mode = "600"
client-error-verbosity = "minimal"
db-aggregates-enabled = true
db-anon-role = "web_anon"
db-channel = "restgres"
db-channel-enabled = false
db-config = false
db-extra-search-path = "public, extensions"
db-hoisted-tx-settings = "work_mem, statement_timeout"
db-max-rows = 1000
db-plan-enabled = true
db-pool = 1
db-pool-acquisition-timeout = 30
db-pool-automatic-recovery = false
db-pool-max-idletime = 60
db-pool-max-lifetime = 3600
db-pre-config = "postgrest.pre_config"
db-pre-request = "api.check"
db-prepared-statements = false
db-root-spec = "root"
db-schemas = "multi,   tenant,setup"
db-tx-end = "rollback-allow-override"
db-uri = "postgres://app@db/shop"
jwt-aud = "https://api.example.com"
jwt-cache-max-entries = 86400
jwt-role-claim-key = "$$.roles[0]"
jwt-secret = "YS1zZWNyZXQtb2YtYXQtbGVhc3QtdGhpcnR5LXR3by1jaGFyYWN0ZXJz"
jwt-secret-is-base64 = true
log-level = "info"
log-query = true
openapi-mode = "ignore-privileges"
openapi-security-active = true
openapi-server-proxy-uri = "https://example.com:8443/api"
server-cors-allowed-origins = "https://a.example, https://b.example"
server-host = "0.0.0.0"
server-reuseport = true
server-timing-enabled = true
server-trace-header = "X-Request-Id"
server-unix-socket = "/run/api.sock"
server-unix-socket-mode = "777"
url-use-legacy-target-names = false
internal-schema-cache-query-sleep = 10
`;

const CUSTOM_DUMP = `admin-server-host = "127.0.0.1"
admin-server-port = 3001
admin-server-unix-socket = "/run/admin.sock"
admin-server-unix-socket-mode = "600"
app.settings.alpha = "has \\"quotes\\" and a \\\\ backslash"
app.settings.zeta = "last"
client-error-verbosity = "minimal"
db-aggregates-enabled = true
db-anon-role = "web_anon"
db-channel = "restgres"
db-channel-enabled = false
db-config = false
db-extra-search-path = "public,extensions"
db-hoisted-tx-settings = "work_mem,statement_timeout"
db-max-rows = 1000
db-plan-enabled = true
db-pool = 1
db-pool-acquisition-timeout = 30
db-pool-automatic-recovery = false
db-pool-max-idletime = 60
db-pool-max-lifetime = 3600
db-pre-config = "postgrest.pre_config"
db-pre-request = "api.check"
db-prepared-statements = false
db-root-spec = "root"
db-schemas = "multi,tenant,setup"
db-tx-end = "rollback-allow-override"
db-uri = "postgres://app@db/shop"
jwt-aud = "https://api.example.com"
jwt-cache-max-entries = 86400
jwt-role-claim-key = "$$.roles[0]"
jwt-secret = "YS1zZWNyZXQtb2YtYXQtbGVhc3QtdGhpcnR5LXR3by1jaGFyYWN0ZXJz"
jwt-secret-is-base64 = true
log-level = "info"
log-query = true
openapi-mode = "ignore-privileges"
openapi-security-active = true
openapi-server-proxy-uri = "https://example.com:8443/api"
server-cors-allowed-origins = "https://a.example,https://b.example"
server-host = "0.0.0.0"
server-port = 80
server-reuseport = true
server-timing-enabled = true
server-trace-header = "X-Request-Id"
server-unix-socket = "/run/api.sock"
server-unix-socket-mode = "777"
url-use-legacy-target-names = false
`;

describe('dumpConfig', () => {
  it('prints the defaults', () => {
    assert.equal(dumpConfig(loadConfig({ file: null, env: {} })), DEFAULT_DUMP);
  });

  it('prints every key sorted, app.settings among them, lists without spaces', () => {
    assert.equal(dumpConfig(loadConfig({ file: { path: '/c.conf', text: CUSTOM_FILE }, env: {} })), CUSTOM_DUMP);
  });

  it('reads back as the same configuration', () => {
    for (const text of ['', CUSTOM_FILE]) {
      const first = dumpConfig(loadConfig({ file: { path: '/c.conf', text }, env: {} }));
      const second = dumpConfig(loadConfig({ file: { path: '/dump.conf', text: first }, env: {} }));
      assert.equal(second, first);
    }
  });

  it('shows in-database and environment values', () => {
    const config = loadConfig({
      file: null,
      env: { PGRST_DB_POOL: '2', PGRST_APP_SETTINGS_tenant: 'acme' },
      db: new Map([['pgrst.db_schemas', 'api']]),
    });
    const lines = dumpConfig(config).split('\n');
    assert.ok(lines.includes('db-pool = 2'));
    assert.ok(lines.includes('db-schemas = "api"'));
    assert.ok(lines.includes('app.settings.tenant = "acme"'));
  });

  it('re-encodes a base64url secret as canonical base64', () => {
    const b64 = Buffer.from('a-secret-of-at-least-thirty-two-chars??>>').toString('base64');
    const b64url = b64.replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '.');
    assert.notEqual(b64url, b64);
    const config = loadConfig({ file: null, env: { PGRST_JWT_SECRET: b64url, PGRST_JWT_SECRET_IS_BASE64: 'true' } });
    assert.ok(dumpConfig(config).includes(`\njwt-secret = "${b64}"\n`));
  });

  it('an empty db-extra-search-path is dumped empty and reads back empty', () => {
    const config = loadConfig({ file: null, env: { PGRST_DB_EXTRA_SEARCH_PATH: '' } });
    const dump = dumpConfig(config);
    assert.ok(dump.includes('\ndb-extra-search-path = ""\n'));
    assert.deepEqual(loadConfig({ file: { path: '/d', text: dump }, env: {} }).dbExtraSearchPath, []);
  });

  it('sorts by code point, as Haskell does', () => {
    const config = loadConfig({
      file: { path: '/c.conf', text: 'app.settings.\uff41 = "1"\napp.settings.\u{1d400} = "2"\napp.settings.Z = "3"' },
      env: {},
    });
    const settings = dumpConfig(config)
      .split('\n')
      .filter((line) => line.startsWith('app.settings.'));
    assert.deepEqual(settings, ['app.settings.Z = "3"', 'app.settings.\uff41 = "1"', 'app.settings.\u{1d400} = "2"']);
  });

  it('has a dumper for every key but app.settings.* and the internal knobs', () => {
    const dumped = CONFIG_KEYS.filter((k) => !k.internal && k.name !== 'app.settings.*').map((k) => k.name);
    assert.deepEqual(Object.keys(DUMPERS).sort(), dumped.sort());
  });
});
