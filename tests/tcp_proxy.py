"""A TCP proxy in front of a test server whose line can be cut: the network between a browser and the app.

`cut()` closes every open connection (the browser's websocket included) and refuses new ones, as a dropped Wi-Fi in
a meeting room would look to the page; `mend()` lets connections through again. Threads, so it runs beside the
synchronous Playwright tests."""
from __future__ import annotations

import contextlib
import socket
import threading


class FlakyLine:
    def __init__(self, target_port: int) -> None:
        self.target = ('127.0.0.1', target_port)
        self.listener = socket.create_server(('127.0.0.1', 0))
        self.port = self.listener.getsockname()[1]
        self.base = f'http://127.0.0.1:{self.port}'
        self.up = True
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True, name='flaky line').start()

    def cut(self) -> None:
        with self.lock:
            self.up = False
            dropped, self.sockets = self.sockets, set()
        for sock in dropped:
            _close(sock)

    def mend(self) -> None:
        with self.lock:
            self.up = True

    def close(self) -> None:
        self.closed = True
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            with self.lock:
                up = self.up
            if not up:   # the line is down: the connection fails at once
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)
            with self.lock:
                self.sockets -= {source, sink}


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
