// Command-line arguments → a Command (PostgREST: CLI.hs): `restgres [OPTIONS] [FILENAME]`.

import { parseArgs } from 'node:util';
import { VERSION } from './version.ts';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'example' }
  | { readonly kind: 'run'; readonly configFile: string | null }
  | { readonly kind: 'dumpConfig'; readonly configFile: string | null }
  | { readonly kind: 'dumpSchema'; readonly configFile: string | null }
  | { readonly kind: 'ready'; readonly configFile: string | null };

export const USAGE = `Usage: restgres [-v|--version] [-e|--example] [--dump-config | --dump-schema | --ready] [FILENAME]

  restgres ${VERSION} / create a REST API to an existing Postgres database (PostgREST compatible)

Available options:
  -h,--help                Show this help text
  -v,--version             Show the version information
  -e,--example             Show an example configuration file
  --dump-config            Dump loaded configuration and exit
  --dump-schema            Dump loaded schema as JSON and exit (for debugging, output structure is unstable)
  --ready                  Checks the health of restgres by doing a request on the admin server /ready endpoint
  FILENAME                 Path to configuration file
`;

/** @throws Error with a one-line message for unknown options or extra arguments. */
export function parseCommand(argv: ReadonlyArray<string>): Command {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      example: { type: 'boolean', short: 'e' },
      'dump-config': { type: 'boolean' },
      'dump-schema': { type: 'boolean' },
      ready: { type: 'boolean' },
    },
  });
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (values.example) return { kind: 'example' };
  if (positionals.length > 1) throw new Error(`Invalid argument '${positionals[1]}'`);
  const modes = [values['dump-config'], values['dump-schema'], values.ready].filter(Boolean).length;
  if (modes > 1) throw new Error('Only one of --dump-config, --dump-schema and --ready may be given');
  const configFile = positionals[0] ?? null;
  if (values['dump-config']) return { kind: 'dumpConfig', configFile };
  if (values['dump-schema']) return { kind: 'dumpSchema', configFile };
  if (values.ready) return { kind: 'ready', configFile };
  return { kind: 'run', configFile };
}
