"""`dxtrack backup` / `dxtrack restore` (issue 12): the database and the evidence files in one
archive with a manifest of hashes; a restore into a fresh database gives back every table, row for
row, and every file, byte for byte; a damaged or hostile archive, or a database already in use, is
refused before anything is written.

On PostgreSQL (DATABASE_URL=postgres://…) the same test runs pg_dump/pg_restore into a database it
creates beside the test database and drops afterwards.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dxtrack.core import backup

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "evidence/2026/so-y-te/bien-ban.pdf": b"%PDF-1.4 bien ban hop\n" * 50,
    "evidence/2026/so-y-te/anh chup.png": bytes(range(256)) * 10,
    "evidence/2026/xa/ke-hoach.docx": b"PK\x03\x04 not really a docx",
}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    for name, content in EVIDENCE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    settings.MEDIA_ROOT = root
    return root


def _sortable(row: tuple) -> tuple:
    return tuple(repr(bytes(v) if isinstance(v, memoryview) else v) for v in row)


def table_rows(cursor, table: str, quote) -> list[tuple]:
    cursor.execute(f"SELECT * FROM {quote(table)}")
    return sorted(_sortable(row) for row in cursor.fetchall())


def pg_connect(name: str):
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=name,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


def _database_url(database: dict) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    auth = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{database['NAME']}"


def dxtrack(*args: str, database: dict, media: Path, var: Path) -> subprocess.CompletedProcess:
    """The `dxtrack` command in a process of its own, as an operator runs it."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(database),
        "MEDIA_ROOT": str(media),
        "DXTRACK_VAR_DIR": str(var),
    }
    return subprocess.run(
        [sys.executable, "-m", "dxtrack", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def source_database(personas, tmp_path):
    """The database a running site would back up, with the suite's data and the personas.

    SQLite: a file copy of the test database (its rows are in the test's open transaction,
    which a backup, rightly, waits for); PostgreSQL: the test database itself, as committed."""
    if connection.vendor != "sqlite":
        yield dict(connection.settings_dict)
        return
    path = tmp_path / "site.sqlite3"
    copy = sqlite3.connect(path)
    copy.executescript("\n".join(connection.connection.iterdump()))
    copy.close()
    yield {**connection.settings_dict, "NAME": str(path)}


@pytest.fixture
def fresh_database(tmp_path):
    """Settings of an empty database of the same engine (created, and dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with pg_connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_table(database: dict) -> dict[str, list[tuple]]:
    """Every table's rows, read through a connection of its own."""
    tables = connection.introspection.table_names()
    quote = connection.ops.quote_name
    if database["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(database["NAME"]) as db:
            cursor = db.cursor()
            return {t: table_rows(cursor, t, quote) for t in tables}
    with pg_connect(database["NAME"]) as pg:
        cursor = pg.cursor()
        return {t: table_rows(cursor, t, quote) for t in tables}


def test_backup_then_restore_into_a_fresh_database_gives_back_every_row_and_file(
    source_database, media, tmp_path, fresh_database
):
    archive = tmp_path / "backups" / "dxtrack.tar.gz"
    done = dxtrack(
        "backup",
        "--output",
        str(archive),
        database=source_database,
        media=media,
        var=tmp_path / "var",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Đã sao lưu" in done.stdout and "3 tệp minh chứng" in done.stdout

    restored_media = tmp_path / "restored-media"
    done = dxtrack(
        "restore", str(archive), database=fresh_database, media=restored_media, var=tmp_path / "var"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Đã khôi phục" in done.stdout

    source, restored = every_table(source_database), every_table(fresh_database)
    assert set(restored) == set(source)
    differing = [t for t in source if restored[t] != source[t]]
    assert not differing, differing
    assert sum(len(rows) for rows in source.values()) > 1000  # the Thái Nguyên data, really
    if connection.vendor == "sqlite":
        # (On PostgreSQL the personas live in the test's transaction, which pg_dump cannot see.)
        assert any("coordinator-t" in str(row) for row in restored["auth_user"])
    for name, content in EVIDENCE.items():
        assert (restored_media / name).read_bytes() == content
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    files = {name: entry for name, entry in manifest["files"].items() if name.startswith("media/")}
    assert set(files) == {f"media/{name}" for name in EVIDENCE}
    for name, entry in files.items():
        assert backup.sha256_of(restored_media / name.removeprefix("media/")) == entry["sha256"]
    assert manifest["migrations"]["reporting"]

    # Once restored, the database is in use: a second restore into it is refused.
    done = dxtrack(
        "restore", str(archive), database=fresh_database, media=restored_media, var=tmp_path / "var"
    )
    assert done.returncode != 0 and "đã có bảng" in done.stderr


def test_restore_refuses_the_database_the_site_runs_on(media, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup.write_archive(
        archive=archive,
        dump=_empty_sqlite(tmp_path),
        dump_member=backup.SQLITE_MEMBER if connection.vendor == "sqlite" else backup.PG_MEMBER,
        media_root=media,
        manifest=backup.Manifest(
            engine="sqlite" if connection.vendor == "sqlite" else "postgresql",
            created_at="2026-12-07T00:00:00+00:00",
            migrations={},
        ),
    )
    with pytest.raises(CommandError, match="đã có bảng"):
        call_command("restore", str(archive), stdout=io.StringIO())


def _empty_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()
    return path


def _rewrite(archive: Path, target: Path, change) -> None:
    """A copy of `archive` with `change(name, data) -> (name, data) | None` applied per member."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            handle = source.extractfile(member)
            changed = change(member.name, handle.read() if handle else b"")
            if changed is None:
                continue
            name, data = changed
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    "damage,message",
    [
        (
            lambda n, d: (n, d + b"x") if n.endswith(".pdf") else (n, d),
            "Thành phần không có trong manifest",  # its size no longer matches
        ),
        (
            lambda n, d: (n, d[:-1] + b"!") if n.endswith(".pdf") else (n, d),
            "Mã băm không khớp",
        ),
        (lambda n, d: ("../../escaped.txt", d) if n.endswith(".docx") else (n, d), "không hợp lệ"),
        (lambda n, d: None if n.endswith(".png") else (n, d), "thiếu"),
        (
            lambda n, d: (
                (n, json.dumps({**json.loads(d), "format": 99}).encode())
                if n == "manifest.json"
                else (n, d)
            ),
            "Định dạng",
        ),
    ],
)
def test_a_damaged_or_hostile_archive_is_refused_before_anything_is_written(
    media, tmp_path, damage, message
):
    site = {**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3"}
    site["NAME"] = str(tmp_path / "site.sqlite3")
    with sqlite3.connect(site["NAME"]) as db:
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES ('một dòng')")
    archive, damaged = tmp_path / "good.tar.gz", tmp_path / "damaged.tar.gz"
    backup.backup(archive=archive, database=site, media_root=media, migrations={})
    _rewrite(archive, damaged, damage)
    fresh = {**site, "NAME": str(tmp_path / "fresh.sqlite3")}
    restored_media = tmp_path / "restored-media"
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(archive=damaged, database=fresh, media_root=restored_media)
    assert backup.database_is_empty(fresh)
    assert not restored_media.exists()
    assert not (tmp_path.parent / "escaped.txt").exists()
    # The archive as written restores.
    backup.restore(archive=archive, database=fresh, media_root=restored_media)
    with sqlite3.connect(fresh["NAME"]) as db:
        assert db.execute("SELECT x FROM t").fetchall() == [("một dòng",)]
