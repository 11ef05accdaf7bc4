// sd_notify(3) for Type=notify services. Node has no unix datagram sockets, so the message goes
// through systemd's own `systemd-notify` tool; the unit needs NotifyAccess=all because the
// sender is our child process (see docs/lifecycle.md §9).

import { spawn } from 'node:child_process';

export interface SystemdNotifier {
  notify(state: string): void;
}

export function systemdNotifier(env: NodeJS.ProcessEnv, onError: (message: string) => void): SystemdNotifier | null {
  const socket = env.NOTIFY_SOCKET;
  if (socket === undefined || socket === '') return null;
  return {
    notify(state) {
      const child = spawn('systemd-notify', [`--pid=${process.pid}`, state], {
        env: { ...env, NOTIFY_SOCKET: socket },
        stdio: 'ignore',
      });
      child.on('error', (error) => onError(`could not run systemd-notify for ${state}: ${error.message}`));
      child.on('exit', (code) => {
        if (code !== 0) onError(`systemd-notify ${state} exited with code ${code}`);
      });
    },
  };
}
