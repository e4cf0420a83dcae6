"""The case file: saved atomically, versioned, read back intact; building a case never touches originals."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from core.case import casefile as case_module
from core.case.build import PersonInput, convert_entry, create_case, error_finding, make_entry, safe_name
from core.case.casefile import SCHEMA_VERSION, Case, CaseError, ImageEntry, load_case, save_case
from tests.case_shoot import hashes, make_shoot, sha

LINK = "https://detail.1688.com/offer/623456789012.html"


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    case = Case(profile="1688", seller="某某旗舰店", listings=[LINK],
                complaint=[ImageEntry("/photos/a.jpg", "ab" * 32, 300_000, "jpeg")],
                bts=[ImageEntry("/photos/b.dng", "cd" * 32, 9_000_000, "dng", "converted/b.jpg", "ef" * 32, "libraw")],
                no_model={"/photos/b.dng": "只有商品"}, overrides={"bts.not_same_shoot": "助理手机拍的现场"},
                notes="第一次投诉")
    case.record("created", files=2)
    save_case(case, tmp_path / "c")
    loaded = load_case(tmp_path / "c")
    assert loaded == case
    data = json.loads((tmp_path / "c" / "case.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION and data["history"][0]["action"] == "created"


def test_a_failed_save_leaves_the_previous_case_and_no_temp_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    save_case(Case(profile="1688", seller="old"), folder)
    before = (folder / "case.json").read_bytes()

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(case_module.os, "replace", full_disk)
    with pytest.raises(OSError):
        save_case(Case(profile="1688", seller="new"), folder)
    assert (folder / "case.json").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [".case.last-good.json", "case.json"]  # no temp file
    assert (folder / ".case.last-good.json").read_bytes() == before


def test_older_schema_is_upgraded_and_newer_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    old = {"profile": "1688", "seller": "s", "created_at": "2026-01-02T03:04:05+08:00",
           "complaint_image": {"source": "/p/a.jpg", "sha256": None, "bytes": None}}
    (folder / "case.json").write_text(json.dumps(old), encoding="utf-8")
    case = load_case(folder)
    assert case.schema_version == SCHEMA_VERSION and case.complaint[0].source == "/p/a.jpg"
    assert case.created_date == "2026-01-02"
    (folder / "case.json").write_text(json.dumps({**old, "schema_version": SCHEMA_VERSION + 1}), encoding="utf-8")
    with pytest.raises(CaseError) as error:
        load_case(folder)
    assert error.value.code == "case.too_new"


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"schema_version": 1}',
                                     '{"schema_version": 1, "profile": "1688", "created_at": "x", "complaint": ["a"]}'])
def test_broken_case_files_are_a_clear_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "case.json").write_text(content, encoding="utf-8")
    with pytest.raises(CaseError) as error:
        load_case(tmp_path)
    finding = error_finding(error.value, "en")
    assert error.value.code == "case.damaged" and "is damaged" in finding.message
    assert str(tmp_path / "case.json") in finding.message  # which file
    assert "Error" not in finding.message and "string indices" not in finding.message  # no Python text


def test_missing_case_is_named(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as error:
        load_case(tmp_path / "nowhere")
    assert error.value.code == "case.not_found"
    assert "nowhere" in error_finding(error.value).message


def test_create_case_copies_proof_byte_identical_and_leaves_sources_alone(tmp_path: Path) -> None:
    shoot = make_shoot(tmp_path / "src")
    before = hashes(shoot.all_files())
    folder = tmp_path / "案件 一"
    case = create_case(folder, profile_id="1688", seller="某某店", listings=[LINK], complaint=[str(shoot.complaint)],
                       bts=[str(p) for p in shoot.bts],
                       models=[PersonInput("小红", [str(shoot.proof)], [str(shoot.complaint)])],
                       no_model_reason="只有商品，没有人")
    assert hashes(shoot.all_files()) == before
    proof = case.models[0].proof[0]
    assert (folder / proof.path).read_bytes() == shoot.proof.read_bytes() and proof.sha256 == sha(shoot.proof)
    assert proof.path.startswith("proof/")
    assert case.complaint[0].sha256 == before[shoot.complaint] and case.complaint[0].source == str(shoot.complaint)
    assert case.models[0].appears_in == [str(shoot.complaint)]
    assert case.no_model == {str(p): "只有商品，没有人" for p in shoot.bts}
    assert load_case(folder) == case
    with pytest.raises(CaseError) as error:
        create_case(folder, profile_id="1688", seller="x", listings=[], complaint=[str(shoot.complaint)], bts=[])
    assert error.value.code == "case.exists"


def test_a_missing_input_creates_nothing(tmp_path: Path) -> None:
    shoot = make_shoot(tmp_path / "src")
    with pytest.raises(CaseError) as error:
        create_case(tmp_path / "c", profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                    bts=[str(tmp_path / "gone.jpg")])
    assert error.value.code == "case.input_missing" and not (tmp_path / "c").exists()
    with pytest.raises(CaseError) as error:
        create_case(tmp_path / "c", profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                    bts=[], models=[PersonInput("m", [str(shoot.proof)], [str(shoot.spare)])])
    assert error.value.code == "case.model_image_unknown" and not (tmp_path / "c").exists()


def test_safe_name_is_valid_on_windows() -> None:
    assert safe_name('a<b>c:d"e/f\\g|h?i*j. . ') == "a_b_c_d_e_f_g_h_i_j"
    assert safe_name("CON") == "_CON" and safe_name("...") == "_"
    assert os.sep not in safe_name("x/y")


def test_make_entry_hashes_and_converts_heic_into_the_case(tmp_path: Path) -> None:
    from core.base.rules import load_profile
    from core.photo.readers.heif import register_opener
    from tests.conftest import noise_image

    register_opener()
    source = tmp_path / "手机 照片" / "IMG_0002.HEIC"
    source.parent.mkdir()
    noise_image(640, 480).save(source, "HEIF", quality=90)
    before = sha(source)
    folder, profile = tmp_path / "case", load_profile("1688")
    plain = make_entry(str(source), folder, profile, convert=False)  # the GUI: convert on the user's click
    assert (plain.sha256, plain.kind, plain.converted, plain.bytes) == (before, "heic", None, source.stat().st_size)
    assert not (folder / "converted").exists()
    converted = convert_entry(plain, folder, profile, "en")
    assert plain.converted is None  # the given entry is left as it was; the result is a new one
    entry = make_entry(str(source), folder, profile, "en")  # the CLI: converted right away
    for made in (converted, entry):
        assert made.converted and made.converted.startswith("converted/") and made.conversion_method == "heif"
        assert made.converted_sha256 == sha(folder / made.converted) and made.sha256 == before
    assert sha(source) == before
    missing = make_entry(str(tmp_path / "gone.jpg"), folder, profile)
    assert (missing.sha256, missing.bytes) == (None, None)
