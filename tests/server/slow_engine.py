#!/usr/bin/env python3
"""slow_engine.py LISTEN ENGINE FLAG SECONDS - a proxy in front of the
Docker Engine's unix socket that holds each POST /containers/create for
SECONDS before passing it on (an engine slow to create, as a loaded DinD
is), touching FLAG when it does; everything else passes at once.  It stops
by itself after 10 minutes.  Test infrastructure for tests/run."""
import os
import socket
import sys
import threading
import time

listen, engine, flag, hold = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])


def pipe(src, dst, held):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if held and data.startswith(b"POST") and b"/containers/create" in data.split(b"\r\n", 1)[0]:
                open(flag, "w").close()
                time.sleep(hold)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def connection(client):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    upstream.connect(engine)
    threading.Thread(target=pipe, args=(client, upstream, True), daemon=True).start()
    pipe(upstream, client, False)


server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(listen)
server.listen(64)
server.settimeout(1)
deadline = time.time() + 600
while time.time() < deadline:
    try:
        client, _ = server.accept()
    except socket.timeout:
        continue
    threading.Thread(target=connection, args=(client,), daemon=True).start()
os.unlink(listen)
