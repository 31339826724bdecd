"""Backups: the database and the evidence files (MEDIA_ROOT) in one archive with a manifest of
hashes, and their restore into a fresh database (`dxtrack backup`, `dxtrack restore`).

The archive is a gzipped tar:

- `manifest.json`: format, when, the database engine, the applied migrations, and for every other
  member its size and SHA-256 (the database dump and each evidence file);
- `database.sqlite3` (SQLite, copied with SQLite's online backup API, consistent while the site
  runs) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`);
- `media/…`: the files under MEDIA_ROOT.

A restore checks every hash before it touches anything, refuses a database that already holds
tables (restore goes into a fresh one: `createdb`, or a new SQLite path), and never writes outside
MEDIA_ROOT (member names are checked; only regular files are extracted).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import psycopg

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    migrations: dict[str, str]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: int = FORMAT

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True).encode()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def engine_kind(database: Mapping[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại {engine}.")


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore: the password never on a command line."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tool = command[0]
        raise BackupError(
            f"{tool} thất bại (mã {result.returncode}): {result.stderr.strip()[:500]}"
        )


# -- the database ---------------------------------------------------------------------------------


#: How long a SQLite copy waits for a database another connection holds locked (SQLite's backup
#: retries a busy step for ever).
LOCK_WAIT_SECONDS = 60


def _give_up_after(seconds: float) -> Callable[[int, int, int], None]:
    deadline = time.monotonic() + seconds

    def progress(status: int, remaining: int, total: int) -> None:
        if time.monotonic() > deadline:
            raise BackupError(
                f"Cơ sở dữ liệu SQLite bị khóa quá {seconds:.0f} giây (một giao dịch đang ghi); "
                "thử lại sau."
            )

    return progress


def sqlite_connect(database: Mapping[str, Any]) -> sqlite3.Connection:
    """A connection of its own to the SQLite database (a "file:" name is a URI, as Django's
    test databases in memory are)."""
    name = str(database["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"))


def dump_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API, page by page)."""
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=1024, progress=_give_up_after(LOCK_WAIT_SECONDS))
    finally:
        copy.close()


def dump_postgresql(database: Mapping[str, Any], target: Path) -> None:
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), str(database["NAME"])],
        _pg_env(database),
    )


def restore_sqlite(dump: Path, target: sqlite3.Connection) -> None:
    source = sqlite3.connect(dump)
    try:
        source.backup(target, pages=1024, progress=_give_up_after(LOCK_WAIT_SECONDS))
    finally:
        source.close()


def restore_postgresql(dump: Path, database: Mapping[str, Any]) -> None:
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            str(database["NAME"]),
            str(dump),
        ],
        _pg_env(database),
    )


# -- the archive ----------------------------------------------------------------------------------


def media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under MEDIA_ROOT, in a stable order."""
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield MEDIA_PREFIX + path.relative_to(media_root).as_posix(), path


def write_archive(
    *, archive: Path, dump: Path, dump_member: str, media_root: Path, manifest: Manifest
) -> Manifest:
    """The archive at `archive` (written to a temporary name, then renamed: never half a file)."""
    members = [(dump_member, dump), *media_files(media_root)]
    for name, path in members:
        manifest.files[name] = {"sha256": sha256_of(path), "size": path.stat().st_size}
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        data = manifest.as_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(datetime.now(UTC).timestamp())
        tar.addfile(info, io.BytesIO(data))
        for name, path in members:
            tar.add(path, arcname=name, recursive=False)
    partial.replace(archive)
    return manifest


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and bool(name)


def read_archive(archive: Path, into: Path) -> Manifest:
    """Extract `archive` into the folder `into` after checking it: a manifest of this format,
    only regular files with safe names, each listed in the manifest with its size and hash."""
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 - closed by the "with" below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {archive.name}: {exc}") from None
    with tar:
        try:
            handle = tar.extractfile(MANIFEST)
        except KeyError:
            handle = None
        if handle is None:
            raise BackupError("Tệp sao lưu không có manifest.json.")
        data = json.loads(handle.read().decode("utf-8"))
        if data.get("format") != FORMAT:
            raise BackupError(f"Định dạng sao lưu {data.get('format')!r} không được hỗ trợ.")
        manifest = Manifest(**data)
        seen = set()
        for member in tar.getmembers():
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_member_name(member.name):
                raise BackupError(f"Thành phần không hợp lệ trong tệp sao lưu: {member.name!r}.")
            expected = manifest.files.get(member.name)
            if expected is None or member.size != expected["size"]:
                raise BackupError(f"Thành phần không có trong manifest: {member.name!r}.")
            tar.extract(member, into, filter="data")
            if sha256_of(into / member.name) != expected["sha256"]:
                raise BackupError(f"Mã băm không khớp: {member.name} (tệp sao lưu bị hỏng).")
            seen.add(member.name)
        missing = sorted(set(manifest.files) - seen)
        if missing:
            raise BackupError(f"Tệp sao lưu thiếu: {', '.join(missing[:5])}.")
    return manifest


def restore_media(extracted: Path, media_root: Path) -> int:
    """Copy the archive's evidence files into MEDIA_ROOT; how many."""
    source = extracted / MEDIA_PREFIX.rstrip("/")
    if not source.is_dir():
        return 0
    count = 0
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            count += 1
    return count


def scratch_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="dxtrack-backup-")


# -- the two operations -----------------------------------------------------------------------------


def database_is_empty(database: Mapping[str, Any]) -> bool:
    """Whether the database has no table yet (a restore goes into a fresh database only)."""
    if engine_kind(database) == "sqlite":
        name = str(database["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return True
        check = sqlite_connect(database)
        try:
            row = check.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()
        finally:
            check.close()
        return int(row[0]) == 0
    with psycopg.connect(
        dbname=str(database["NAME"]),
        host=str(database.get("HOST") or "") or None,
        port=str(database.get("PORT") or "") or None,
        user=str(database.get("USER") or "") or None,
        password=str(database.get("PASSWORD") or "") or None,
    ) as pg:
        found = pg.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return found is not None and int(found[0]) == 0


def backup(
    *,
    archive: Path,
    database: Mapping[str, Any],
    media_root: Path,
    migrations: dict[str, str],
    sqlite_source: sqlite3.Connection | None = None,
) -> Manifest:
    """Write the archive of `database` (SQLite: read through `sqlite_source`, the running
    connection) and the files under `media_root`."""
    kind = engine_kind(database)
    manifest = Manifest(
        engine=kind, created_at=datetime.now(UTC).isoformat(), migrations=dict(migrations)
    )
    with scratch_dir() as tmp:
        if kind == "sqlite":
            member = SQLITE_MEMBER
            source = sqlite_source or sqlite_connect(database)
            dump_sqlite(source, Path(tmp) / member)
        else:
            member = PG_MEMBER
            dump_postgresql(database, Path(tmp) / member)
        return write_archive(
            archive=archive,
            dump=Path(tmp) / member,
            dump_member=member,
            media_root=media_root,
            manifest=manifest,
        )


def restore(*, archive: Path, database: Mapping[str, Any], media_root: Path) -> Manifest:
    """Restore the archive into `database`, which must be empty, and its files into
    `media_root`; every hash is checked before anything is written."""
    kind = engine_kind(database)
    with scratch_dir() as tmp:
        manifest = read_archive(archive, Path(tmp))
        if manifest.engine != kind:
            raise BackupError(
                f"Bản sao lưu của cơ sở dữ liệu {manifest.engine} không khôi phục được vào {kind}."
            )
        if not database_is_empty(database):
            raise BackupError(
                f"Cơ sở dữ liệu {database['NAME']} đã có bảng: chỉ khôi phục vào một cơ sở dữ "
                "liệu mới (tạo bằng createdb, hoặc một tệp SQLite chưa có)."
            )
        if kind == "sqlite":
            target = sqlite_connect(database)
            try:
                restore_sqlite(Path(tmp) / SQLITE_MEMBER, target)
            finally:
                target.close()
        else:
            restore_postgresql(Path(tmp) / PG_MEMBER, database)
        restore_media(Path(tmp), media_root)
    return manifest
