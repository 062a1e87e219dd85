"""HTTPS in front of a test server, as a reverse proxy that ends TLS would be: the browser speaks https and wss to it,
the app behind gets plain HTTP and is not told (no X-Forwarded-* headers). A self-signed certificate for 127.0.0.1
is made with the `openssl` command; the browser context has to ignore HTTPS errors. asyncio in a thread of its own,
so it runs beside the synchronous Playwright tests; each connection is copied both ways until either side closes."""
from __future__ import annotations

import asyncio
import contextlib
import shutil
import ssl
import subprocess
import threading
from pathlib import Path


class TlsFront:
    def __init__(self, target_port: int, folder: Path) -> None:
        self.target_port = target_port
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(*self_signed_certificate(folder))
        self.loop = asyncio.new_event_loop()
        self.connections: set[asyncio.Task] = set()
        threading.Thread(target=self.loop.run_forever, daemon=True, name='tls front').start()
        self.server = asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result(timeout=10)
        self.port = self.server.sockets[0].getsockname()[1]
        self.base = f'https://127.0.0.1:{self.port}'

    def close(self) -> None:
        """Stop listening, end the connections the browser still holds (its sockets), stop the thread."""
        async def stop() -> None:
            self.server.close()
            for task in self.connections:
                task.cancel()
            await asyncio.gather(*self.connections, return_exceptions=True)
            await self.server.wait_closed()
        with contextlib.suppress(TimeoutError):
            asyncio.run_coroutine_threadsafe(stop(), self.loop).result(timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)

    async def _listen(self) -> asyncio.Server:
        return await asyncio.start_server(self._serve, '127.0.0.1', 0, ssl=self.context)

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.connections.add(task)
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection('127.0.0.1', self.target_port)
        except OSError:
            client_writer.close()
            self.connections.discard(task)
            return
        try:
            await asyncio.gather(_copy(client_reader, upstream_writer), _copy(upstream_reader, client_writer))
        finally:
            self.connections.discard(task)


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    except (OSError, ssl.SSLError):
        pass
    finally:
        writer.close()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1, valid for a day."""
    openssl = shutil.which('openssl')
    if openssl is None:
        raise RuntimeError('the openssl command is needed for an HTTPS test (apt-get install openssl)')
    folder.mkdir(parents=True, exist_ok=True)
    certificate, key = folder / 'cert.pem', folder / 'key.pem'
    subprocess.run([openssl, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
                    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', str(key), '-out', str(certificate)],
                   check=True, capture_output=True)
    return certificate, key
