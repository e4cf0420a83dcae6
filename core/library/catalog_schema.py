"""The catalog file's schema and its steps, so a catalog made by any earlier version of the app opens.

The version is SQLite's `user_version`. There is one path: a new catalog is made at schema 1 and walks the
same steps `MIGRATIONS[v]` (v -> v + 1) as a merchant's existing one, so a fresh catalog and an upgraded one
cannot drift apart. All steps run in one write transaction that also sets the version: a crash or a full
disk mid-upgrade leaves the catalog at its old schema, whole, and the next start upgrades it again.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2

# Schema 1, as every catalog before facts versions had it (tests/core/library/test_catalog_facts.py builds one).
_FIRST = (
    "CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, bytes INTEGER, mtime_ns INTEGER, type TEXT, make TEXT, model TEXT, serial TEXT,
    taken_at TEXT, verdict TEXT, findings TEXT, width INTEGER, height INTEGER, orientation INTEGER,
    latitude REAL, longitude REAL, profile TEXT,
    sha256 TEXT, phash INTEGER, thumbnail TEXT, hashed_mtime_ns INTEGER
)""",
    "CREATE INDEX IF NOT EXISTS files_sha256 ON files (sha256)",
)

MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 1 -> 2: the facts version each row was read with (core.library.scan.FACTS_VERSION); NULL in the rows of
    # an upgraded catalog means "read before versions were recorded", older than any, so they are re-read.
    1: ("ALTER TABLE files ADD COLUMN facts_version INTEGER",),
}


def migrate(db: sqlite3.Connection) -> int:
    """Bring the catalog to SCHEMA_VERSION (a new, empty file included); returns the version it had.

    `db` is in autocommit mode (isolation_level None). A current catalog is only read (no write lock: the
    window opens the catalog while its scan writes). Otherwise BEGIN IMMEDIATE takes the write lock before the
    version is read again, so two processes opening one old catalog at once upgrade it once. A catalog from a
    newer app (a higher version) is left as it is: its extra columns do not disturb this one."""
    seen = int(db.execute("PRAGMA user_version").fetchone()[0])
    if seen >= SCHEMA_VERSION:
        return seen
    db.execute("BEGIN IMMEDIATE")
    try:
        found = int(db.execute("PRAGMA user_version").fetchone()[0])
        version = found
        if version == 0:  # a new file (every catalog ever written says 1 or more)
            for statement in _FIRST:
                db.execute(statement)
            version = 1
        while version < SCHEMA_VERSION:
            for statement in MIGRATIONS[version]:
                db.execute(statement)
            version += 1
        if version != found:
            db.execute(f"PRAGMA user_version={version}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return found
