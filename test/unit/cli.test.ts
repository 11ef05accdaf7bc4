// Command-line parsing (src/cli.ts); running the commands is tested in
// test/integration/lifecycle/cli.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Command, parseCommand } from '../../src/cli.ts';

describe('parseCommand', () => {
  const cases: ReadonlyArray<{ argv: string[]; expected: Command }> = [
    { argv: [], expected: { kind: 'run', configFile: null } },
    { argv: ['restgres.conf'], expected: { kind: 'run', configFile: 'restgres.conf' } },
    { argv: ['-h'], expected: { kind: 'help' } },
    { argv: ['--help'], expected: { kind: 'help' } },
    { argv: ['-v'], expected: { kind: 'version' } },
    { argv: ['--version'], expected: { kind: 'version' } },
    { argv: ['-e'], expected: { kind: 'example' } },
    { argv: ['--example'], expected: { kind: 'example' } },
    { argv: ['--dump-config'], expected: { kind: 'dumpConfig', configFile: null } },
    { argv: ['--dump-config', 'a.conf'], expected: { kind: 'dumpConfig', configFile: 'a.conf' } },
    { argv: ['a.conf', '--dump-schema'], expected: { kind: 'dumpSchema', configFile: 'a.conf' } },
    { argv: ['--ready', 'a.conf'], expected: { kind: 'ready', configFile: 'a.conf' } },
    // Help, version and example win over everything else, as in PostgREST.
    { argv: ['--ready', '--version'], expected: { kind: 'version' } },
    { argv: ['a.conf', 'b.conf', '--help'], expected: { kind: 'help' } },
  ];
  for (const { argv, expected } of cases) {
    it(argv.join(' ') || '(no arguments)', () => assert.deepEqual(parseCommand(argv), expected));
  }

  const errors: ReadonlyArray<{ argv: string[]; message: RegExp }> = [
    { argv: ['a.conf', 'b.conf'], message: /^Invalid argument 'b\.conf'$/ },
    { argv: ['--nope'], message: /^Unknown option '--nope'/ },
    {
      argv: ['--dump-config', '--ready'],
      message: /^Only one of --dump-config, --dump-schema and --ready may be given$/,
    },
  ];
  for (const { argv, message } of errors) {
    it(`${argv.join(' ')} is an error`, () => assert.throws(() => parseCommand(argv), { message }));
  }
});
