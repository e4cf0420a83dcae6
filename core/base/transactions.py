"""One write transaction on an SQLite file, all or nothing: the catalog and the visual index both use it.

A full disk or a killed write must leave the file as it was before the block, and the connection usable:
without the rollback, a failed statement (or a COMMIT that hits SQLITE_FULL) leaves the connection inside
an open transaction, and every later BEGIN fails with "cannot start a transaction within a transaction".
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def write_transaction(db: sqlite3.Connection, lock: threading.RLock | threading.Lock,
                      begin: str = "BEGIN") -> Iterator[sqlite3.Connection]:
    """`db` (opened with isolation_level=None) inside one transaction under `lock`: committed when the block
    ends, rolled back when it raises or when the commit itself fails."""
    with lock:
        db.execute(begin)
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
