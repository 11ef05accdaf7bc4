// `restgres --ready`: asks a running instance's admin server (PostgREST: Client.hs). Prints
// `OK: <url>` on stdout and exits 0, or `ERROR: …` on stderr and exits 1.

import { request } from 'node:http';
import type { AppConfig } from './config/app-config.ts';
import { isSpecialHost } from './http/listen.ts';

export async function checkReady(config: AppConfig): Promise<{ ok: boolean; message: string }> {
  let url: string;
  let socketPath: string | undefined;
  if (config.adminServerUnixSocket !== null) {
    socketPath = config.adminServerUnixSocket;
    url = `http+unix://${encodeURIComponent(socketPath)}/ready`;
  } else if (config.adminServerPort === null) {
    return { ok: false, message: 'ERROR: Admin server is not running. Please check admin-server-port config.' };
  } else if (isSpecialHost(config.adminServerHost)) {
    return {
      ok: false,
      message: `ERROR: The \`--ready\` flag cannot be used when server-host is configured as "${config.adminServerHost}". Please update your server-host config to "localhost".`,
    };
  } else {
    const host = config.adminServerHost.includes(':') ? `[${config.adminServerHost}]` : config.adminServerHost;
    url = `http://${host}:${config.adminServerPort}/ready`;
  }
  const status = await new Promise<number | null>((resolve) => {
    const req = request(socketPath === undefined ? url : { socketPath, path: '/ready' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
  if (status === null) return { ok: false, message: `ERROR: connection refused to ${url}` };
  if (status >= 200 && status < 300) return { ok: true, message: `OK: ${url}` };
  return { ok: false, message: `ERROR: ${url}` };
}
