// The fallback load generator: a closed loop over keep-alive node:http connections, in this
// process. It needs nothing installed, which is why the CI smoke run can always use it, but it
// costs more CPU per request than wrk, so its req/s understate what a fast server can do.
import http from 'node:http';
import { percentile } from '../stats.ts';
import type { LoadOptions, LoadResult } from './load-result.ts';
import { type RequestTemplate, randomRequest } from './request-template.ts';

export async function runBuiltin(template: RequestTemplate, opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let socketErrors = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + opts.durationSeconds * 1000;

  const once = () =>
    new Promise<void>((resolve) => {
      const r = randomRequest(template);
      const t0 = performance.now();
      const headers: Record<string, string | number> = { ...r.headers };
      if (r.body !== null) headers['Content-Length'] = Buffer.byteLength(r.body);
      const req = http.request(
        { agent, host: target.hostname, port: target.port, method: r.method, path: r.path, headers },
        (res) => {
          res.resume();
          res.once('end', () => {
            latencies.push(performance.now() - t0);
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) non2xx++;
            resolve();
          });
          res.once('error', () => {
            socketErrors++;
            resolve();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.once('error', () => {
        socketErrors++;
        resolve();
      });
      req.end(r.body ?? undefined);
    });

  const worker = async () => {
    while (performance.now() < deadline) await once();
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return {
    tool: 'builtin',
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    non2xx,
    socketErrors,
    generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
