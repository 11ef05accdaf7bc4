// A polling HTTP client run as its own process (so it can be started inside another network
// namespace): `node poll-client.ts <url> <intervalMs>` sends GET <url> over a NEW connection every
// interval and prints one line per request, `ok <status>` or `error <code>`. SIGTERM stops it after
// the request in flight; it then exits 0.
import http from 'node:http';

const [url = '', interval = '50'] = process.argv.slice(2);
const intervalMs = Number(interval);
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

function once(): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(`ok ${res.statusCode}`));
      res.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`));
  });
}

process.stdout.write('started\n');
while (!stopping) {
  const started = Date.now();
  process.stdout.write(`${await once()}\n`);
  const wait = intervalMs - (Date.now() - started);
  if (wait > 0 && !stopping) await new Promise((resolve) => setTimeout(resolve, wait));
}
