// `node --test --test-global-setup=test/support/global-setup.ts "test/**/*.test.ts"`: one PostgreSQL for
// every test file that can share one (connectTestPostgres reads PGRST_TEST_DB_URI; the test
// processes inherit it), instead of an initdb per file. Files that stop or restart their server
// still start their own (startTestPostgres). A PGRST_TEST_DB_URI set by the developer wins.
import { startTestPostgres, type TestPostgres } from './postgres.ts';

let server: TestPostgres | null = null;

export async function globalSetup(): Promise<void> {
  if (process.env.PGRST_TEST_DB_URI !== undefined && process.env.PGRST_TEST_DB_URI !== '') return;
  server = await startTestPostgres();
  process.env.PGRST_TEST_DB_URI = server.superuserUri;
}

export async function globalTeardown(): Promise<void> {
  await server?.stop();
}
