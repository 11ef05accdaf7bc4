// Process entry: argv → command. The only file that calls process.exit.

import { App } from './app/app.ts';
import { type Command, parseCommand, USAGE } from './cli.ts';
import type { AppConfig } from './config/app-config.ts';
import { ConfigError } from './config/config-error.ts';
import { dumpConfig } from './config/dump.ts';
import { EXAMPLE_CONFIG } from './config/example.ts';
import { IN_DB_NAMES } from './config/keys.ts';
import { loadConfig, readConfigFile } from './config/load.ts';
import { DbConnection } from './db/connection.ts';
import { connectionSettings } from './db/connection-settings.ts';
import { readInDbSettings } from './db/in-db-settings.ts';
import { startDemo } from './demo-mode.ts';
import { systemdListenFd } from './http/listen.ts';
import { checkReady } from './ready-check.ts';
import { introspect } from './schema-cache/introspect.ts';
import { schemaCacheToJson } from './schema-cache/schema-cache.ts';
import { SERVER_NAME, VERSION } from './version.ts';

async function main(argv: ReadonlyArray<string>): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 1;
  }
  switch (command.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`restgres ${VERSION}\n`);
      return 0;
    case 'example':
      process.stdout.write(EXAMPLE_CONFIG);
      return 0;
  }
  let config: AppConfig;
  try {
    config = readConfig(command.configFile);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  switch (command.kind) {
    case 'ready': {
      const { ok, message } = await checkReady(config);
      (ok ? process.stdout : process.stderr).write(`${message}\n`);
      return ok ? 0 : 1;
    }
    case 'dumpConfig':
      process.stdout.write(dumpConfig(await withDbSettings(config, command.configFile)));
      return 0;
    case 'dumpSchema':
      return dumpSchema(await withDbSettings(config, command.configFile));
    case 'run':
      return run(config, command.configFile);
  }
}

function readConfig(
  file: string | null,
  db?: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): AppConfig {
  return loadConfig({ file: file === null ? null : readConfigFile(file), env, ...(db === undefined ? {} : { db }) });
}

/** --dump-config and --dump-schema include in-database settings, as PostgREST's do. */
async function withDbSettings(config: AppConfig, file: string | null): Promise<AppConfig> {
  if (!config.dbConfig) return config;
  let db: DbConnection | null = null;
  try {
    db = await DbConnection.open(connectionSettings(config.dbUri, SERVER_NAME));
    return readConfig(file, await readInDbSettings(db, config.dbPreConfig, IN_DB_NAMES));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    process.stderr.write(
      `Could not read the in-database configuration: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return config;
  } finally {
    await db?.close();
  }
}

async function dumpSchema(config: AppConfig): Promise<number> {
  const db = await DbConnection.open(connectionSettings(config.dbUri, SERVER_NAME));
  try {
    const { cache } = await introspect(db, {
      schemas: config.dbSchemas,
      extraSearchPath: config.dbExtraSearchPath,
      pgVersionNum: await db.serverVersionNum(),
      sleepBeforeMs: null,
      sleepAfterMs: null,
    });
    process.stdout.write(`${JSON.stringify(schemaCacheToJson(cache))}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

async function run(fileConfig: AppConfig, configFile: string | null): Promise<number> {
  const demo = await startDemo(fileConfig);
  const env = demo === null ? process.env : { ...process.env, ...demo.env };
  const config = demo === null ? fileConfig : readConfig(configFile, undefined, env);
  const app = new App({ config, configFile, env, listenFd: systemdListenFd(process.env, process.pid) });
  let signals = 0;
  const terminate = (signal: NodeJS.Signals): void => {
    app.observe({ kind: 'terminationSignal', signal });
    // A second signal means "now": an in-flight request that never ends must not block forever.
    if (++signals > 1) process.exit(1);
    void app.stop(0);
  };
  process.on('SIGTERM', terminate);
  process.on('SIGINT', terminate);
  process.on('SIGUSR1', () => app.reloadSchema());
  process.on('SIGUSR2', () => void app.reloadConfig());
  await app.start();
  if (demo !== null && !app.shuttingDown) demo.announce(app);
  const code = await app.exitCode;
  await demo?.stop();
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
