"""The shortlist's posting lists: built as rows are stored, stale ids dropped, old index files rebuilt."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from core.matching.index import FEATURES_VERSION, MatchIndex


def _row(path: str, words: list[int]) -> tuple:
    blob = np.array(words, dtype=np.uint32).tobytes()
    n = len(words) // 4
    return (path, 1, 1, 10, 10, 10, 10, n, b"", b"", blob, None, FEATURES_VERSION)


def _holders(index: MatchIndex, word: int) -> list[str]:
    words = index.words()
    number = {int(i): p for i, p in zip(words.ids, words.paths, strict=True)}
    posted = index.postings(np.array([word], dtype=np.uint32))
    return sorted(number[int(i)] for i in posted.ids if int(i) in number)


def test_postings_follow_store_replace_and_forget(tmp_path: Path) -> None:
    index = MatchIndex(tmp_path / "i.sqlite3")
    index._store([_row("/lib/a.jpg", [1, 2, 3, 4]), _row("/lib/b.jpg", [1, 5, 6, 7])])
    assert _holders(index, 1) == ["/lib/a.jpg", "/lib/b.jpg"]
    assert _holders(index, 9) == []
    index._store([_row("/lib/a.jpg", [9, 2, 3, 4])])  # a.jpg changed: its old word 1 no longer counts
    assert _holders(index, 1) == ["/lib/b.jpg"] and _holders(index, 9) == ["/lib/a.jpg"]
    assert index.forget({"/lib/a.jpg"}, ["/lib"]) == 1
    assert _holders(index, 1) == [] and index.words().paths == ["/lib/a.jpg"]
    index._store([_row("/lib/c.jpg", [1, 1, 1, 1])])  # a new id, never the forgotten photo's
    assert _holders(index, 1) == ["/lib/c.jpg"] * 4
    assert np.array_equal(index.photo_words("/lib/c.jpg"), [1, 1, 1, 1])
    index.close()


def test_index_without_postings_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite3"
    MatchIndex(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO photos VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", _row("/lib/a.jpg", [3, 4, 5, 6]))
    db.execute("DELETE FROM entries")
    db.execute("DELETE FROM postings")
    db.commit()
    db.execute("PRAGMA user_version=1")
    db.close()
    index = MatchIndex(path)
    assert _holders(index, 5) == ["/lib/a.jpg"]
    index.close()
