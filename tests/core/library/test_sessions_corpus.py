"""Sessions on the real-world corpus, judged by manifest.csv's session column (not by file names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.library.sessions import Session, _model_key, session_of, sessions_for_paths
from tests.conftest import CORPUS, corpus_entries

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_sessions() -> list[Session]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return sessions_for_paths([str(CORPUS)])


def _session(sessions: list[Session], file: str) -> Session:
    found = session_of(sessions, str(CORPUS / file))
    assert found is not None, f"{file} is in no session"
    return found


def test_labelled_sessions_come_out_whole(corpus_sessions: list[Session]) -> None:
    labelled: dict[str, list[str]] = {}
    for entry in corpus_entries():
        if entry.session:
            labelled.setdefault(entry.session, []).append(entry.file)
    assert labelled
    for name, files in labelled.items():
        ids = {_session(corpus_sessions, file).id for file in files}
        assert len(ids) == 1, f"session {name} was split: {files}"


def test_different_labels_never_merge(corpus_sessions: list[Session]) -> None:
    label_of_session: dict[str, str] = {}
    for entry in corpus_entries():
        if entry.session:
            found = _session(corpus_sessions, entry.file)
            assert label_of_session.setdefault(found.id, entry.session) == entry.session


def test_named_acceptance_sessions(corpus_sessions: list[Session]) -> None:
    d800 = {_session(corpus_sessions, f"sessions/d800_a/{i}.jpg").id for i in range(1, 6)}
    assert len(d800) == 1
    p6000 = {p for p in (CORPUS / "sessions" / "p6000").glob("*.jpg")}
    home = _session(corpus_sessions, "sessions/p6000/DSCN0012.jpg")
    assert p6000 <= {Path(f) for f in home.files}
    assert str(CORPUS / "small-originals" / "DSCN0010.jpg") in home.files  # 70 s earlier, same camera
    iphone = _session(corpus_sessions, "originals/iphone6_hdr_no.jpg")
    assert str(CORPUS / "originals" / "iphone6_hdr_yes.jpg") in iphone.files


def test_no_session_mixes_camera_bodies(corpus_sessions: list[Session]) -> None:
    for session in corpus_sessions:
        models = {_model_key(item.camera) for item in session.items}
        serials = {item.camera.serial for item in session.items if item.camera.serial}
        assert len(models) == 1 and len(serials) <= 1, session.files


def test_every_image_in_the_corpus_lands_in_exactly_one_entry(corpus_sessions: list[Session]) -> None:
    listed = [p for s in corpus_sessions for p in s.all_paths()]
    assert len(listed) == len(set(listed))
    for entry in corpus_entries():
        if entry.truth not in ("not_image", "exiftool_truth"):
            assert str(entry.path) in listed, entry.file


def test_files_without_capture_time_stand_alone(corpus_sessions: list[Session]) -> None:
    untimed = [s for s in corpus_sessions if s.start is None]
    assert untimed and all(len(s.files) == 1 and s.end is None for s in untimed)
