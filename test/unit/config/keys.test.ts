// The key catalog pinned: names, aliases, environment and in-database names, defaults, flags,
// and that the example file and docs/configuration.md cover every key.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AppConfig } from '../../../src/config/app-config.ts';
import { parseConfigFile } from '../../../src/config/config-file.ts';
import { EXAMPLE_CONFIG } from '../../../src/config/example.ts';
import {
  CONFIG_KEYS,
  configKey,
  findConfigKey,
  IN_DB_NAMES,
  mergeReloadable,
  toEnvVarName,
  toInDbName,
} from '../../../src/config/keys.ts';
import { loadConfig } from '../../../src/config/load.ts';

const DEFAULTS = loadConfig({ file: null, env: {} });

describe('key catalog', () => {
  it('lists the PostgREST v16 keys, sorted, internal knobs last', () => {
    assert.deepEqual(
      CONFIG_KEYS.map((k) => k.name),
      [
        'admin-server-host',
        'admin-server-port',
        'admin-server-unix-socket',
        'admin-server-unix-socket-mode',
        'app.settings.*',
        'client-error-verbosity',
        'db-aggregates-enabled',
        'db-anon-role',
        'db-channel',
        'db-channel-enabled',
        'db-config',
        'db-extra-search-path',
        'db-hoisted-tx-settings',
        'db-max-rows',
        'db-plan-enabled',
        'db-pool',
        'db-pool-acquisition-timeout',
        'db-pool-automatic-recovery',
        'db-pool-max-idletime',
        'db-pool-max-lifetime',
        'db-pre-config',
        'db-pre-request',
        'db-prepared-statements',
        'db-root-spec',
        'db-schemas',
        'db-tx-end',
        'db-uri',
        'jwt-aud',
        'jwt-cache-max-entries',
        'jwt-role-claim-key',
        'jwt-secret',
        'jwt-secret-is-base64',
        'log-level',
        'log-query',
        'openapi-mode',
        'openapi-security-active',
        'openapi-server-proxy-uri',
        'server-cors-allowed-origins',
        'server-host',
        'server-port',
        'server-reuseport',
        'server-timing-enabled',
        'server-trace-header',
        'server-unix-socket',
        'server-unix-socket-mode',
        'url-use-legacy-target-names',
        'internal-schema-cache-query-sleep',
        'internal-schema-cache-query-sleep-before-queries',
      ],
    );
  });

  it('knows the aliases', () => {
    const aliases = CONFIG_KEYS.flatMap((k) => k.aliases.map((a) => `${a} -> ${k.name}`));
    assert.deepEqual(aliases, [
      'max-rows -> db-max-rows',
      'db-pool-timeout -> db-pool-max-idletime',
      'pre-request -> db-pre-request',
      'root-spec -> db-root-spec',
      'db-schema -> db-schemas',
      'role-claim-key -> jwt-role-claim-key',
      'secret-is-base64 -> jwt-secret-is-base64',
    ]);
    for (const k of CONFIG_KEYS) for (const alias of k.aliases) assert.equal(findConfigKey(alias), k);
  });

  it('derives environment variable names', () => {
    assert.equal(toEnvVarName('db-schemas'), 'PGRST_DB_SCHEMAS');
    assert.equal(toEnvVarName('internal-schema-cache-query-sleep'), 'PGRST_INTERNAL_SCHEMA_CACHE_QUERY_SLEEP');
    assert.equal(configKey('server-port').envVar, 'PGRST_SERVER_PORT');
    assert.equal(configKey('app.settings.*').envVar, 'PGRST_APP_SETTINGS_*');
    assert.equal(toInDbName('db-schemas'), 'pgrst.db_schemas');
  });

  it('reads the keys PostgREST reads from the database', () => {
    assert.deepEqual(IN_DB_NAMES, [
      'pgrst.client_error_verbosity',
      'pgrst.db_aggregates_enabled',
      'pgrst.db_anon_role',
      'pgrst.db_extra_search_path',
      'pgrst.db_hoisted_tx_settings',
      'pgrst.db_max_rows',
      'pgrst.db_plan_enabled',
      'pgrst.db_pre_config',
      'pgrst.db_pre_request',
      'pgrst.db_prepared_statements',
      'pgrst.db_root_spec',
      'pgrst.db_schemas',
      'pgrst.db_tx_end',
      'pgrst.jwt_aud',
      'pgrst.jwt_cache_max_entries',
      'pgrst.jwt_role_claim_key',
      'pgrst.jwt_secret',
      'pgrst.jwt_secret_is_base64',
      'pgrst.openapi_mode',
      'pgrst.openapi_security_active',
      'pgrst.openapi_server_proxy_uri',
      'pgrst.server_cors_allowed_origins',
      'pgrst.server_timing_enabled',
      'pgrst.server_trace_header',
      'pgrst.url_use_legacy_target_names',
    ]);
  });

  it('marks the keys of features not built yet', () => {
    assert.deepEqual(
      CONFIG_KEYS.filter((k) => !k.supported).map((k) => k.name),
      [
        'db-hoisted-tx-settings',
        'db-root-spec',
        'jwt-aud',
        'jwt-cache-max-entries',
        'jwt-role-claim-key',
        'jwt-secret',
        'jwt-secret-is-base64',
        'openapi-mode',
        'openapi-security-active',
        'openapi-server-proxy-uri',
      ],
    );
  });

  it('marks the keys a reload cannot change', () => {
    assert.deepEqual(
      CONFIG_KEYS.filter((k) => !k.reloadable).map((k) => k.name),
      [
        'admin-server-host',
        'admin-server-port',
        'admin-server-unix-socket',
        'admin-server-unix-socket-mode',
        'db-pool',
        'db-pool-acquisition-timeout',
        'db-pool-max-idletime',
        'db-pool-max-lifetime',
        'db-tx-end',
        'db-uri',
        'openapi-server-proxy-uri',
        'server-cors-allowed-origins',
        'server-host',
        'server-port',
        'server-reuseport',
        'server-unix-socket',
        'server-unix-socket-mode',
      ],
    );
  });

  it('maps every AppConfig field to exactly one key, named after it', () => {
    const fields = CONFIG_KEYS.map((k) => k.field);
    assert.deepEqual([...fields].sort(), Object.keys(DEFAULTS).sort());
    for (const k of CONFIG_KEYS) {
      if (k.name === 'app.settings.*') continue;
      const camel = k.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      assert.equal(k.field, camel, k.name);
    }
  });

  it('documents the defaults loadConfig applies', () => {
    for (const k of CONFIG_KEYS) {
      if (k.defaultValue === null) continue;
      const written = loadConfig({ file: null, env: { [k.envVar]: k.defaultValue } });
      assert.deepEqual(written, DEFAULTS, k.name);
    }
    const unset = CONFIG_KEYS.filter((k) => k.defaultValue === null && k.name !== 'admin-server-host').map(
      (k) => k.field,
    );
    for (const field of unset) {
      const value = DEFAULTS[field];
      assert.ok(value === null || (Array.isArray(value) && value.length === 0), field);
    }
  });

  it('gives enumerations their values', () => {
    assert.deepEqual(configKey('log-level').values, ['crit', 'error', 'warn', 'info', 'debug']);
    assert.equal(configKey('db-schemas').values.length, 0);
    for (const k of CONFIG_KEYS) assert.equal(k.values.length > 0, k.type === 'enum', k.name);
  });
});

describe('mergeReloadable', () => {
  it('takes reloadable keys from the new config and keeps the others', () => {
    const previous: AppConfig = { ...DEFAULTS, serverPort: 3000, dbPool: 10, dbUri: 'postgres://old' };
    const next: AppConfig = {
      ...DEFAULTS,
      serverPort: 4000,
      dbPool: 2,
      dbUri: 'postgres://new',
      logLevel: 'debug',
      dbSchemas: ['api'],
      appSettings: [['a', '1']],
    };
    assert.deepEqual(mergeReloadable(previous, next), {
      ...next,
      serverPort: 3000,
      dbPool: 10,
      dbUri: 'postgres://old',
    });
  });
});

describe('example config', () => {
  const visible = CONFIG_KEYS.filter((k) => !k.internal);

  it('sets nothing as printed: every line is a comment', () => {
    assert.equal(parseConfigFile(EXAMPLE_CONFIG, { path: 'example', env: {} }).size, 0);
  });

  it('lists every key, each default as it is', () => {
    for (const k of visible) {
      const name = k.name === 'app.settings.*' ? 'app.settings.' : `${k.name} = `;
      assert.ok(EXAMPLE_CONFIG.includes(`\n# ${name}`), k.name);
      if (k.defaultValue === null) continue;
      const value =
        k.type === 'string' || k.type === 'enum' || k.type === 'list' || k.type === 'octal'
          ? `"${k.defaultValue}"`
          : k.defaultValue;
      const shown = k.name === 'jwt-role-claim-key' ? '"$$.role"' : k.name === 'db-uri' ? '"postgresql://"' : value;
      assert.ok(EXAMPLE_CONFIG.includes(`\n# ${k.name} = ${shown}\n`), `${k.name} = ${shown}`);
    }
  });

  it('loads once uncommented', () => {
    const uncommented = EXAMPLE_CONFIG.split('\n')
      .map((line) => (/^# [a-z]/.test(line) && line.includes(' = ') ? line.slice(2) : line))
      .join('\n');
    const config = loadConfig({ file: { path: 'example', text: uncommented }, env: {} });
    assert.equal(config.adminServerPort, 3001);
    assert.deepEqual(config.appSettings, [['tenant', 'acme']]);
  });
});

describe('docs/configuration.md', () => {
  const docs = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  it('has a table row for every key, with its environment and in-database names', () => {
    for (const k of CONFIG_KEYS.filter((c) => !c.internal)) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${k.name}\``));
      assert.ok(row !== undefined, `no row for ${k.name}`);
      assert.ok(row.includes(`\`${k.envVar}\``), k.name);
      if (k.inDbName !== null) assert.ok(row.includes(`\`${k.inDbName}\``), k.name);
      assert.equal(row.includes('not yet supported'), !k.supported, k.name);
    }
  });
  it('mentions the internal knobs', () => {
    for (const k of CONFIG_KEYS.filter((c) => c.internal)) assert.ok(docs.includes(k.envVar), k.name);
  });
});
