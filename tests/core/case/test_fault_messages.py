"""Faults name the right file and the real cause (issue 18): a full disk inside sendfile names the copy
being written, export failures name the destination the user chose (never the hidden staging folder), a
previous zip that cannot be opened says so, the case file's errors give its path and, when it is
damaged, offer the last good copy. Long names never make a file name too long."""

from __future__ import annotations

import builtins
import errno
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from core.base import fileops
from core.case import export as export_module
from core.case.build import PersonInput, create_case, error_finding
from core.case.casefile import CaseError, load_case, restore_last_good, save_case
from core.case.export import STAGING_PREFIX, ExportError, export_case, recover_destination
from core.cli import main as cli_main
from tests.case_shoot import Shoot, hashes

LINK = "https://detail.1688.com/offer/623456789012.html"


def _case(folder: Path, shoot: Shoot, seller: str = "好店", model: str = "小红") -> Path:
    create_case(folder, profile_id="1688", seller=seller, listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput(model, [str(shoot.proof)], [])])
    return folder


@pytest.fixture
def case_dir(tmp_path: Path, shoot: Shoot) -> Path:
    return _case(tmp_path / "case", shoot)


def _failure(case_dir: Path, out: Path) -> Any:
    with pytest.raises(ExportError) as error:
        export_case(case_dir, out, lang="en")
    finding = error.value.finding
    assert STAGING_PREFIX not in finding.message and STAGING_PREFIX not in str(finding.params)
    assert [p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)] == [] if out.exists() else True
    return finding


def test_a_full_disk_inside_sendfile_names_the_copy_not_the_users_photo(tmp_path: Path, case_dir: Path,
                                                                        shoot: Shoot,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "sendfile"):
        pytest.skip("no sendfile on this system")

    def full(*_: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "sendfile", full)  # shutil then names the source as the failing file
    out = tmp_path / "导出"
    finding = _failure(case_dir, out)
    assert finding.code == "export.disk_full"
    named = Path(finding.params["file"])
    assert named.parent.parent.parent == out and named.name == shoot.complaint.name  # out/<bundle>/1_投诉图/IMG
    assert str(shoot.complaint) not in finding.message


def test_copy_verified_names_the_destination_of_a_write_side_error(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "IMG_4102.JPG"
    source.write_bytes(b"x" * 10_000)

    def full(src: Any, dst: Any, **_: Any) -> None:
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        error.filename, error.filename2 = str(src), str(dst)  # what shutil's sendfile path sets
        raise error

    monkeypatch.setattr(fileops.shutil, "copyfile", full)
    with pytest.raises(OSError) as error:
        fileops.copy_verified(source, tmp_path / "copy.jpg")
    assert error.value.errno == errno.ENOSPC and error.value.filename == str(tmp_path / "copy.jpg")


@pytest.mark.parametrize(("where", "shown"), [
    ("manifest", "manifest.json"), ("zip", ".zip"), ("report", "report.html"), ("journal", None),
])
def test_export_failures_name_the_destination_never_the_staging_folder(tmp_path: Path, case_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch, where: str,
                                                                       shown: str | None) -> None:
    out = tmp_path / "out"
    real_replace, real_writestr = os.replace, zipfile.ZipFile.writestr

    def replace(src: Any, dst: Any) -> None:
        name = Path(dst).name
        if (where, name) in {("manifest", "manifest.json"), ("report", "report.html"), ("journal", "journal.json")}:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))  # names the temporary file
        real_replace(src, dst)

    def writestr(self: Any, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.filename)

    monkeypatch.setattr(fileops.os, "replace", replace)
    if where == "zip":
        monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    else:
        monkeypatch.setattr(zipfile.ZipFile, "writestr", real_writestr)
    finding = _failure(case_dir, out)
    assert finding.code == "export.disk_full"
    named = Path(finding.params["file"])
    assert named == out or named.is_relative_to(out)
    if shown is not None:
        assert named.name.endswith(shown) and (named.parent == out or named.parent.parent == out)
    assert list(out.iterdir()) == []  # and nothing partial


@pytest.mark.parametrize("blocked", ["zip", "folder"])
def test_a_previous_export_that_cannot_be_opened_says_what_failed(tmp_path: Path, case_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  blocked: str) -> None:
    out = tmp_path / "out"
    first = export_case(case_dir, out)
    assert first.zip is not None and first.bundle is not None
    before = first.zip.read_bytes()
    real_open, real_stat = builtins.open, os.stat

    def deny_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if blocked == "zip" and str(file) == str(first.zip):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    def deny_stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        if blocked == "folder" and str(path) == str(first.bundle / "manifest.json"):  # type: ignore[operator]
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny_open)
    monkeypatch.setattr(export_module.os, "stat", deny_stat)
    finding = _failure(case_dir, out)
    assert finding.code == "export.previous_unreadable"
    assert "Permission denied" in finding.message and "not a bundle" not in finding.message
    assert finding.params["file"] == str(first.zip if blocked == "zip" else first.bundle)
    monkeypatch.undo()
    assert first.zip.read_bytes() == before  # left untouched


def test_the_case_file_that_cannot_be_read_is_named(tmp_path: Path, case_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.read_text

    def deny(self: Path, *args: Any, **kwargs: Any) -> str:
        if self.name == "case.json":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", deny)
    with pytest.raises(CaseError) as error:
        load_case(case_dir)
    finding = error_finding(error.value, "en")
    assert error.value.code == "case.unreadable" and str(case_dir / "case.json") in finding.message
    assert "Permission denied" in finding.message


@pytest.mark.parametrize("damage", ["{\"profile\": ", '{"schema_version": 1, "profile": "1688", "created_at": "x", '
                                                     '"complaint": ["not an entry"]}', "\udcff"])
def test_a_damaged_case_file_is_named_and_the_last_good_copy_offered(tmp_path: Path, case_dir: Path,
                                                                     damage: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    good = load_case(case_dir)
    good.notes = "第二次保存"
    save_case(good, case_dir)
    (case_dir / "case.json").write_bytes(damage.encode("utf-8", "surrogateescape"))
    with pytest.raises(CaseError) as error:
        load_case(case_dir)
    assert error.value.code == "case.damaged_backup"
    for lang in ("en", "zh_CN"):
        finding = error_finding(error.value, lang)
        assert str(case_dir / "case.json") in finding.message
        assert str(case_dir / ".case.last-good.json") in finding.message
        assert "case restore" in finding.remedy and "Error" not in finding.message
    assert "is damaged" in error_finding(error.value, "en").message
    # the CLI says the same, then `case restore` brings the last good copy back and keeps the damaged one
    assert cli_main(["case", "show", str(case_dir), "--lang", "en"]) == 1
    assert "is damaged" in capsys.readouterr().err
    assert cli_main(["case", "restore", str(case_dir), "--json"]) == 0
    assert load_case(case_dir).notes == "第二次保存"
    kept = [p for p in case_dir.iterdir() if p.name.startswith("case.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damage.encode("utf-8", "surrogateescape")


def test_a_damaged_case_file_without_a_good_copy_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CaseError) as error:
        load_case(folder)
    finding = error_finding(error.value, "en")
    assert error.value.code == "case.damaged" and str(folder / "case.json") in finding.message
    with pytest.raises(CaseError) as nothing:
        restore_last_good(folder)
    assert nothing.value.code == "case.no_backup"
    assert (folder / "case.json").read_text(encoding="utf-8") == "[1, 2"  # left as it was


def test_a_10000_character_seller_and_model_name_still_export(tmp_path: Path, shoot: Shoot) -> None:
    before = hashes(shoot.all_files())
    seller, model = "某" * 10_000, "模特" * 5_000
    case_dir = _case(tmp_path / "case", shoot, seller=seller, model=model)
    result = export_case(case_dir, tmp_path / "out")
    assert result.bundle is not None and result.zip is not None
    names = [p.name for p in [*case_dir.rglob("*"), *result.bundle.rglob("*"), result.zip]]
    assert max(len(name.encode("utf-8")) for name in names) <= 200
    assert result.bundle.name.startswith("侵权投诉_某某某") and result.bundle.name.endswith(
        load_case(case_dir).created_date)
    other = export_case(_case(tmp_path / "case2", shoot, seller="某" * 9_999 + "乙"), tmp_path / "out")
    assert other.bundle is not None and other.bundle.name != result.bundle.name  # long names stay apart
    assert hashes(shoot.all_files()) == before


def test_a_long_source_name_converts_to_names_that_fit(tmp_path: Path) -> None:
    from core.base.rules import load_profile
    from core.case.build import make_entry
    from tests.core.case.test_review_inputs import _heic

    source = _heic(tmp_path / ("照片" * 40 + ".HEIC"))  # 244 bytes: a legal name
    entry = make_entry(source, tmp_path / "case", load_profile("1688"))
    assert entry.converted is not None
    made = [p.name for p in (tmp_path / "case" / "converted").iterdir()]
    assert len(made) == 2 and max(len(name.encode("utf-8")) for name in made) <= 255


def test_leftovers_of_a_killed_export_are_finished_or_undone(tmp_path: Path, case_dir: Path) -> None:
    out = tmp_path / "out"
    first = export_case(case_dir, out)
    assert first.bundle is not None and first.zip is not None
    tree = sorted(p.relative_to(first.bundle).as_posix() for p in first.bundle.rglob("*"))
    # killed while building, after (by an older version) moving the previous bundle aside: rolled back
    building = out / f"{STAGING_PREFIX}999999-abc"
    building.mkdir()
    os.rename(first.bundle, building / f"previous-{first.bundle.name}")
    (building / "journal.json").write_text(json.dumps({"state": "building", "pid": 999_999, "host": "?"}))
    # an export still running in another process: left alone
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    live = out / f"{STAGING_PREFIX}{helper.pid}-live"
    live.mkdir()
    assert recover_destination(out) == [building]
    assert sorted(p.relative_to(first.bundle).as_posix() for p in first.bundle.rglob("*")) == tree
    assert live.is_dir()
    helper.kill()
    helper.wait()
    # killed while placing, between the folder and the zip: rolled forward, both stand together
    placing = out / f"{STAGING_PREFIX}999998-def"
    placing.mkdir()
    os.rename(first.zip, placing / first.zip.name)
    (placing / "journal.json").write_text(json.dumps({"state": "placing", "bundle": first.bundle.name,
                                                      "zip": first.zip.name, "pid": 999_998, "host": "?"}))
    assert not first.zip.exists()
    export_case(case_dir, out)  # the next export to that folder finishes it first, then exports
    assert first.zip.is_file() and first.bundle.is_dir()
    assert sorted(p.name for p in out.iterdir()) == sorted([first.bundle.name, first.zip.name])


def test_temporary_files_of_a_killed_save_are_cleaned_at_the_next_open(case_dir: Path) -> None:
    dead = case_dir / ".case.json.999999-0123abcd.tmp"
    dead.write_text("{half", encoding="utf-8")
    alive = case_dir / f".case.json.{os.getpid()}-89abcdef.tmp"
    alive.write_text("{being written", encoding="utf-8")
    load_case(case_dir)
    assert not dead.exists() and alive.exists()


def test_a_full_disk_at_any_step_of_an_export_names_a_file_the_user_knows(tmp_path: Path, case_dir: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC at each disk-changing step in turn (the steps `checkpoint` marks), named as the OS names it:
    the message names the destination (never the staging folder), nothing partial is left, the previous
    bundle stays, and the case still opens."""
    from core.case import casefile
    from core.case.review import review_case

    out = tmp_path / "out"
    first = export_case(case_dir, out)
    assert first.bundle is not None and first.zip is not None
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    review = review_case(load_case(case_dir), case_dir)
    monkeypatch.setattr(export_module, "review_case", lambda *_a, **_k: review)
    count = {"steps": 0, "fail_at": 0}

    labels: list[str] = []

    def full_at(label: str, path: Any) -> None:
        count["steps"] += 1
        if count["fail_at"] == 0:
            labels.append(f"{label} {os.fspath(path)}")
        if count["steps"] == count["fail_at"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(path))

    for module in (fileops, export_module, casefile):
        monkeypatch.setattr(module, "checkpoint", full_at)
    export_case(case_dir, out)  # counts the steps
    total = count["steps"]
    assert total > 20
    failed = 0
    for step in range(1, total + 1):
        count.update(steps=0, fail_at=step)
        try:
            export_case(case_dir, out, lang="en")
        except ExportError as error:
            failed += 1
            finding = error.finding
            assert finding.code == "export.disk_full", (step, finding.code)
            assert STAGING_PREFIX not in finding.message, (step, finding.message)
            named = Path(finding.params["file"])
            assert named == out or named.is_relative_to(out), (step, named)
        recover_destination(out)  # what the next export here does first (a staging folder that would not go)
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before, labels[step - 1]
        load_case(case_dir)
    assert failed >= total - 8  # only the history save after the bundle is in place may fail quietly
