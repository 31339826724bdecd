"""DOCX → PDF by LibreOffice: a resident converter reused across conversions, LibreOffice started
cold for one conversion when the resident one cannot be had.

Resident (docs/decisions.md, 18): `pdf_server.py` runs under a Python with `uno` (Debian's
`python3-uno`, `REPORT_UNO_PYTHON`, default /usr/bin/python3), keeps one LibreOffice with its own
profile in `REPORT_PDF_DIR` (default DXTRACK_VAR_DIR/pdf) and answers on a Unix socket there. The
first conversion starts it (under a file lock, so two workers never start two); later ones skip
LibreOffice's start-up. It stops by itself after `REPORT_PDF_IDLE` seconds without work.

Cold: `soffice --convert-to pdf` with a profile of its own in a temporary folder (conversions may
run side by side). Used when `REPORT_PDF_SERVER=off`, when `uno` is missing, when the resident
converter cannot start, and once more when it died during a conversion.

Every failure the user can meet is a `PdfUnavailable` whose message is Vietnamese and says what
to do; the views show it instead of a 500.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import logging
import os
import signal
import socket
import struct
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from dxtrack.core.numbers import format_number
from dxtrack.outputs.conf import report_setting

logger = logging.getLogger(__name__)

SERVER_SCRIPT = Path(__file__).with_name("pdf_server.py")
HEADER = struct.Struct(">4sQ")
ANSWER = struct.Struct(">2sQ")
START_SECONDS = 60

# Marked for the catalogue (gettext_noop) and translated when raised, in the request's language.
PDF_UNAVAILABLE = gettext_noop(
    "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; hãy tải bản DOCX, hoặc đề nghị quản "
    "trị hệ thống chạy “make pdf-tools”."
)
PDF_FAILED = gettext_noop(
    "Không chuyển được báo cáo sang PDF (LibreOffice báo lỗi); hãy thử lại sau ít phút hoặc tải "
    "bản DOCX."
)
PDF_TIMEOUT = gettext_noop(
    "Chuyển báo cáo sang PDF quá %(seconds)s giây nên đã dừng; hãy thử lại sau ít phút hoặc tải bản "
    "DOCX. Nếu lần nào cũng vậy, đề nghị quản trị hệ thống tăng REPORT_PDF_TIMEOUT."
)


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, or could not convert: the message is for the user."""


class _NotRunning(Exception):
    """The resident converter is not there (or not answering): start it, or go cold."""


class _DiedDuring(Exception):
    """The resident converter went away in the middle of a conversion."""


# -- settings ------------------------------------------------------------------------------------


def timeout_seconds() -> float:
    return float(report_setting("REPORT_PDF_TIMEOUT", "45"))


def _folder() -> Path:
    return Path(report_setting("REPORT_PDF_DIR") or Path(settings.VAR_DIR) / "pdf")


def _uno_python() -> str | None:
    python = report_setting("REPORT_UNO_PYTHON", "/usr/bin/python3")
    return python if Path(python).exists() else None


def resident_enabled() -> bool:
    return report_setting("REPORT_PDF_SERVER", "auto").lower() not in {"off", "0", "no", "false"}


@functools.cache
def _has_uno(python: str) -> bool:
    try:
        return (
            subprocess.run(
                [python, "-I", "-c", "import uno"], capture_output=True, timeout=30
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False


def resident_available() -> bool:
    """The resident converter is wanted and can run (a Python with `uno`)."""
    python = _uno_python()
    return resident_enabled() and python is not None and _has_uno(python)


# -- the resident converter ----------------------------------------------------------------------


def _socket_path(folder: Path) -> str:
    return str(folder / "s")


def _exchange(folder: Path, kind: bytes, payload: bytes, timeout: float) -> bytes:
    """One request. _NotRunning when nobody listens; _DiedDuring when the answer never came;
    TimeoutError when it came too late."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout)
    try:
        try:
            client.connect(_socket_path(folder))
        except (FileNotFoundError, ConnectionRefusedError, OSError) as error:
            if isinstance(error, TimeoutError):
                raise
            raise _NotRunning(str(error)) from error
        try:
            client.sendall(HEADER.pack(kind, len(payload)) + payload)
            status, size = ANSWER.unpack(_receive(client, ANSWER.size))
            data = _receive(client, size)
        except TimeoutError:
            raise
        except (OSError, EOFError, struct.error) as error:
            raise _DiedDuring(str(error)) from error
    finally:
        client.close()
    if status != b"OK":
        message = data.decode("utf-8", "replace")
        if message == "retiring":
            raise _NotRunning(message)
        raise _DiedDuring(message)
    return data


def _receive(client: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = client.recv(min(size - len(data), 1 << 20))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def _ping(folder: Path) -> bool:
    try:
        _exchange(folder, b"PING", b"", timeout=2)
    except (_NotRunning, _DiedDuring, TimeoutError):
        return False
    return True


def server_pid(folder: Path | None = None) -> int | None:
    try:
        return int(((folder or _folder()) / "pid").read_text())
    except (OSError, ValueError):
        return None


def server_stop(folder: Path | None = None) -> bool:
    """End the resident converter of this folder and its LibreOffice (its process group)."""
    folder = folder or _folder()
    pid = server_pid(folder)
    if pid is None:
        return False
    with contextlib.suppress(OSError):
        (folder / "pid").unlink()
    if not _is_server(pid, folder):
        return False  # the pid file outlived its server (killed hard) and the number is reused
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)  # reap it when this process started it
    return True


def _is_server(pid: int, folder: Path) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return False
    except OSError:
        return True  # no /proc to ask: trust the pid file
    return str(SERVER_SCRIPT).encode() in command and str(folder).encode() in command


@contextlib.contextmanager
def _start_lock(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as handle:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise _NotRunning("another process is starting the converter") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def server_start(soffice: str, folder: Path | None = None) -> bool:
    """Start the resident converter unless it already answers; True when it answers."""
    folder = folder or _folder()
    python = _uno_python()
    if python is None or not _has_uno(python) or len(_socket_path(folder)) > 100:
        return False
    with _start_lock(folder):
        if _ping(folder):
            return True
        server_stop(folder)  # a stuck or half-dead one
        pipe = "dxtrack-" + hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
        with open(folder / "log", "ab") as log:
            process = subprocess.Popen(
                [
                    python,
                    "-I",
                    str(SERVER_SCRIPT),
                    "--folder",
                    str(folder),
                    "--soffice",
                    soffice,
                    "--pipe",
                    pipe,
                    "--timeout",
                    str(timeout_seconds() + 15),
                    "--idle",
                    report_setting("REPORT_PDF_IDLE", "1800"),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # outlives the request; killed as one group
                close_fds=True,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                logger.warning(
                    "PDF converter exited at start (%s); see %s", process.returncode, folder / "log"
                )
                return False
            if _ping(folder):
                return True
            time.sleep(0.05)
        server_stop(folder)
        return False


def _resident(soffice: str, data: bytes, timeout: float) -> bytes:
    folder = _folder()
    try:
        return _exchange(folder, b"DOCX", data, timeout)
    except _NotRunning:
        if not server_start(soffice, folder):
            raise
    return _exchange(folder, b"DOCX", data, timeout)


# -- LibreOffice started for one conversion ------------------------------------------------------


def _cold(soffice: str, data: bytes, timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="dxtrack-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env={**os.environ, "HOME": str(folder)},
                start_new_session=True,  # a timeout ends soffice.bin too, not only its launcher
            )
        except OSError as error:
            raise PdfUnavailable(gettext(PDF_FAILED)) from error
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfUnavailable(
                gettext(PDF_TIMEOUT) % {"seconds": format_number(timeout)}
            ) from None
        pdf = folder / "bao-cao.pdf"
        if process.returncode != 0 or not pdf.exists():
            logger.warning("soffice failed (%s): %s", process.returncode, errors[-2000:])
            raise PdfUnavailable(gettext(PDF_FAILED))
        return pdf.read_bytes()


def convert(soffice: str, data: bytes) -> bytes:
    """The PDF of a DOCX made by this LibreOffice, or PdfUnavailable with the reason in
    Vietnamese."""
    timeout = timeout_seconds()
    if resident_available():
        try:
            return _resident(soffice, data, timeout)
        except TimeoutError:
            server_stop()  # stuck on this document: the next request starts a fresh one
            raise PdfUnavailable(
                gettext(PDF_TIMEOUT) % {"seconds": format_number(timeout)}
            ) from None
        except _NotRunning as error:
            logger.info("resident PDF converter unavailable (%s): converting cold", error)
        except _DiedDuring as error:
            logger.warning("resident PDF converter failed (%s): converting cold once", error)
    return _cold(soffice, data, timeout)
