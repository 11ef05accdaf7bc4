#!/usr/bin/env python3
"""The two halves of systemd the socket-activation tests need (see test/support/systemd.ts).

hold CONTROL_PATH
    Like a .socket unit: bind and listen on 127.0.0.1:<free port>, print the port, then hand the
    listening socket (SCM_RIGHTS) to whoever connects to the unix socket CONTROL_PATH. It never
    accepts on it, so connections queue in the kernel while no service runs. Runs until killed.

exec CONTROL_PATH COMMAND [ARG...]
    Like systemd starting the .service: fetch the socket as fd 3, set LISTEN_FDS=1 and
    LISTEN_PID=<own pid>, and exec COMMAND (so the pid, and LISTEN_PID, stay right).

notify PATH
    Like systemd's notify socket: bind a unix datagram socket at PATH, print "bound", then print
    every message received, one per line, with its newlines escaped as "\\n".
"""
import os
import socket
import sys


def hold(control_path):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    control.bind(control_path)
    control.listen(8)
    print(listener.getsockname()[1], flush=True)
    while True:
        conn, _ = control.accept()
        socket.send_fds(conn, [b"fd"], [listener.fileno()])
        conn.close()


def exec_with_fd(control_path, argv):
    control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    control.connect(control_path)
    _, fds, _, _ = socket.recv_fds(control, 16, 1)
    control.close()
    if fds[0] != 3:
        os.dup2(fds[0], 3)  # inheritable by default
        os.close(fds[0])
    else:
        os.set_inheritable(3, True)
    os.environ["LISTEN_FDS"] = "1"
    os.environ["LISTEN_PID"] = str(os.getpid())
    os.execvp(argv[0], argv)


def notify(path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    print("bound", flush=True)
    while True:
        data = sock.recv(4096)
        print(data.decode().replace("\n", "\\n"), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "hold":
        hold(sys.argv[2])
    elif mode == "exec":
        exec_with_fd(sys.argv[2], sys.argv[3:])
    elif mode == "notify":
        notify(sys.argv[2])
    else:
        sys.exit(f"unknown mode {mode}")
