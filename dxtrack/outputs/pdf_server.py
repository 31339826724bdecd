"""The resident PDF converter: one LibreOffice kept running, converting DOCX to PDF on request.

Run by `dxtrack.outputs.pdf` under a Python that has LibreOffice's `uno` module (Debian's
`python3-uno`, for /usr/bin/python3), never imported by Django: it uses only the standard library
and `uno`. It starts `soffice --headless --accept=pipe,…` with a user profile that it keeps (the
first start initialises it, later starts reuse it), connects to it through UNO and listens on a
Unix socket in its folder (only the server's user can reach it). Conversions are made one at a
time (LibreOffice is one process); a client that arrives meanwhile waits its turn.

Protocol, per connection: the client sends b"DOCX" + 8-byte big-endian length + the DOCX bytes (or
b"PING"); the server answers b"OK" + length + PDF bytes, or b"ER" + length + a UTF-8 message.

It stops by itself (and stops LibreOffice) after `--idle` seconds without a request, after
`--max-conversions` conversions (LibreOffice's memory grows with use: the next request starts a
fresh one) and when LibreOffice dies; a conversion longer than `--timeout` seconds ends the whole
process group. Whoever starts it passes the folder; the folder holds `pid`, `socket` (named `s`,
short because a Unix socket's path is limited to 107 bytes), `profile/` and `log`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import uno  # Debian python3-uno: the server runs under /usr/bin/python3, never under Django
from com.sun.star.beans import PropertyValue

HEADER = struct.Struct(">4sQ")
ANSWER = struct.Struct(">2sQ")
MAX_DOCX_BYTES = 200 * 2**20


def _prop(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


class Office:
    """One soffice process and the UNO desktop that loads documents in it."""

    def __init__(self, soffice: str, folder: Path, pipe: str) -> None:
        self.folder = folder
        self.pipe = pipe
        self.process = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.desktop = self._connect(deadline=time.monotonic() + 60)

    def _connect(self, deadline: float):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        while True:
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
                )
                return context.ServiceManager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", context
                )
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice did not start") from None
                time.sleep(0.05)

    def convert(self, docx: bytes) -> bytes:
        with tempfile.TemporaryDirectory(dir=self.folder, prefix="job-") as tmp:
            source, target = Path(tmp) / "in.docx", Path(tmp) / "out.pdf"
            source.write_bytes(docx)
            document = self.desktop.loadComponentFromURL(
                source.as_uri(),
                "_blank",
                0,
                (_prop("Hidden", True), _prop("ReadOnly", True)),
            )
            if document is None:
                raise ValueError("LibreOffice could not open the DOCX")
            try:
                document.storeToURL(target.as_uri(), (_prop("FilterName", "writer_pdf_Export"),))
            finally:
                document.close(True)
            return target.read_bytes()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.desktop.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _read_exact(stream, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


FOLDER: Path | None = None


def _stop_everything(code: int = 1) -> None:
    """End this process group (the server and its LibreOffice) at once."""
    if FOLDER is not None:
        with contextlib.suppress(OSError):
            (FOLDER / "pid").unlink()
    if os.getpgid(0) == os.getpid():  # started in a session of its own, as pdf.py does
        os.killpg(0, signal.SIGKILL)
    os._exit(code)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, office: Office, args: argparse.Namespace) -> None:
        super().__init__(path, Handler)
        self.office = office
        self.args = args
        self.lock = threading.Lock()
        self.conversions = 0
        self.last_request = time.monotonic()
        self.retiring = False


class Handler(socketserver.StreamRequestHandler):
    server: Server

    def handle(self) -> None:
        server = self.server
        server.last_request = time.monotonic()
        try:
            kind, size = HEADER.unpack(_read_exact(self.rfile, HEADER.size))
            if kind == b"PING":  # a retiring server says so: the client starts a new one
                self._answer(b"ER", b"retiring") if server.retiring else self._answer(b"OK", b"")
                return
            if kind != b"DOCX" or size > MAX_DOCX_BYTES:
                self._answer(b"ER", b"bad request")
                return
            docx = _read_exact(self.rfile, size)
        except (EOFError, OSError, struct.error):
            return
        with server.lock:
            if server.retiring:
                self._answer(b"ER", b"retiring")
                return
            watchdog = threading.Timer(server.args.timeout, _stop_everything)
            watchdog.daemon = True
            watchdog.start()
            try:
                pdf = server.office.convert(docx)
            except Exception as error:
                watchdog.cancel()
                dead = server.office.process.poll() is not None
                self._answer(b"ER", f"{type(error).__name__}: {error}".encode()[:2000])
                if dead:  # LibreOffice died: stop, the next request starts a fresh one
                    server.retiring = True
                    threading.Thread(target=server.shutdown, daemon=True).start()
                return
            watchdog.cancel()
            server.conversions += 1
            server.last_request = time.monotonic()
            if server.conversions >= server.args.max_conversions:
                server.retiring = True
                threading.Thread(target=server.shutdown, daemon=True).start()
        self._answer(b"OK", pdf)

    def _answer(self, status: bytes, payload: bytes) -> None:
        try:
            self.wfile.write(ANSWER.pack(status, len(payload)) + payload)
            self.wfile.flush()
        except OSError:
            pass


def _idle_watch(server: Server) -> None:
    while True:
        time.sleep(1)
        idle = time.monotonic() - server.last_request
        if server.office.process.poll() is not None or (
            idle > server.args.idle and not server.lock.locked()
        ):
            server.retiring = True
            server.shutdown()
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", required=True, type=Path)
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--idle", type=float, default=1800)
    parser.add_argument("--max-conversions", type=int, default=200)
    args = parser.parse_args()
    global FOLDER
    folder: Path = args.folder
    FOLDER = folder
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["HOME"] = str(folder)  # LibreOffice writes nothing outside its folder
    for stale in folder.glob("job-*"):  # left by a server that was killed mid-conversion
        shutil.rmtree(stale, ignore_errors=True)
    office = Office(args.soffice, folder, args.pipe)
    path = folder / "s"
    path.unlink(missing_ok=True)
    os.umask(0o077)
    server = Server(str(path), office, args)
    (folder / "pid").write_text(str(os.getpid()))
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    threading.Thread(target=_idle_watch, args=(server,), daemon=True).start()
    print(f"ready: {path} (LibreOffice pid {office.process.pid})", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        with server.lock:
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                if (folder / "pid").read_text() == str(os.getpid()):
                    (folder / "pid").unlink()
            office.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
