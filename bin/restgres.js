#!/usr/bin/env -S node --max-semi-space-size=8
// The `restgres` command: the compiled build when there is one (`npm run build`, as published),
// else the TypeScript sources through Node's type stripping (a development checkout).
// --max-semi-space-size: V8 otherwise grows the young generation to 128 MB under load for no
// measurable throughput (docs/architecture.md, "Memory").

import { existsSync } from 'node:fs';

const compiled = new URL('../dist/main.js', import.meta.url);
await import(existsSync(compiled) ? compiled.href : new URL('../src/main.ts', import.meta.url).href);
