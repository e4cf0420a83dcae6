"""A case after export: submitted, waiting, upheld/rejected, withdrawn; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from core.case import lifecycle
from core.case.casefile import Case, CaseError, HistoryEntry, case_file, load_case, save_case

TZ = dt.timezone(dt.timedelta(hours=8))
EXPORTED_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=TZ)
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=TZ)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def exported_case(folder: Path, seller: str = "某某店", when: dt.datetime = EXPORTED_AT) -> Case:
    case = Case(profile="1688", seller=seller)
    case.history.append(HistoryEntry(when.isoformat(), "exported", {"bundle": "x"}))
    lifecycle.note_exported(case, when.isoformat())
    save_case(case, folder)
    return case


def test_a_complaint_goes_from_export_to_its_result_with_a_dated_timeline(tmp_path: Path) -> None:
    case = exported_case(tmp_path)
    assert case.status.state == "exported"
    deadline = lifecycle.submit(case, at("2026-12-01 10:00"), " 2026120100123 ", now=NOW)
    assert deadline.due == dt.date(2026, 12, 3)
    assert (case.status.state, case.status.number, case.status.platform) == ("submitted", "2026120100123", "1688")
    standing = lifecycle.standing(case, dt.date(2026, 12, 2))
    assert standing.days_left == 1 and standing.urgency is None
    assert lifecycle.standing(case, dt.date(2026, 12, 3)).urgency == "due_today"
    assert lifecycle.standing(case, dt.date(2026, 12, 4)).urgency == "overdue"
    lifecycle.record_result(case, "upheld", how="deleted", at=at("2026-12-02 18:00"),
                            now=at("2026-12-02 18:00"))
    assert case.status.state == "upheld" and case.status.how == "deleted"
    events = [(e.action, e.at[:16]) for e in lifecycle.timeline(case)]
    assert events == [("exported", "2026-12-01T09:30"), ("submitted", "2026-12-01T10:00"),
                      ("upheld", "2026-12-02T18:00")]
    submitted = next(e for e in case.history if e.action == "submitted")
    assert submitted.detail["deadline"] == "2026-12-03" and submitted.detail["recorded_at"].startswith("2026-12-01T12")
    assert next(e for e in case.history if e.action == "upheld").detail["points"] == 1
    save_case(case, tmp_path)
    again = load_case(tmp_path)
    assert again.status == case.status and len(again.history) == 3


def test_rejected_with_each_platform_reason_and_its_next_action(tmp_path: Path) -> None:
    actions = {}
    for reason in ("not_original", "not_found_in_listing", "accused_has_original", "model_proof_missing",
                   "bts_unrelated"):
        case = exported_case(tmp_path / reason)
        lifecycle.submit(case, at("2026-12-01 10:00"), "N1", now=NOW)
        lifecycle.record_result(case, "rejected", reason=reason, now=NOW)
        finding = lifecycle.rejection_finding(case, "zh_CN")
        assert finding is not None and finding.message and finding.remedy
        actions[reason] = lifecycle.next_action(case)
    assert actions == {"not_original": "rerun_originality", "not_found_in_listing": "find_original",
                       "accused_has_original": "ownership_evidence", "model_proof_missing": "model_panel",
                       "bts_unrelated": "suggestions"}


def test_withdrawn_until_the_final_decision(tmp_path: Path) -> None:
    case = exported_case(tmp_path)
    lifecycle.submit(case, at("2026-12-01 10:00"), "N1", now=NOW)
    lifecycle.withdraw(case, now=NOW)
    assert case.status.state == "withdrawn" and case.history[-1].action == "withdrawn"
    decided = exported_case(tmp_path / "b")
    lifecycle.submit(decided, at("2026-12-01 10:00"), "N2", now=NOW)
    lifecycle.record_result(decided, "rejected", reason="not_original", now=NOW)
    with pytest.raises(CaseError) as refused:
        lifecycle.withdraw(decided, now=NOW)
    assert refused.value.code == "lifecycle.withdraw_after_decision"


def _refused(folder: Path, action: str, code: str, **arguments: object) -> None:
    before = case_file(folder).read_bytes()
    files_before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(CaseError) as refused:
        lifecycle.change_status(folder, action, **arguments)
    assert refused.value.code == code
    assert case_file(folder).read_bytes() == before, "a refused change must leave the case file as it was"
    assert sorted(p.name for p in folder.iterdir()) == files_before, "a refused change must write nothing"


def test_bad_input_gets_a_clear_message_and_changes_nothing(tmp_path: Path) -> None:
    exported_case(tmp_path)
    now = lifecycle.local_now()
    _refused(tmp_path, "submit", "lifecycle.submitted_in_future", at=now + dt.timedelta(hours=2), number="N")
    _refused(tmp_path, "submit", "lifecycle.submitted_before_export", at=EXPORTED_AT - dt.timedelta(hours=1),
             number="N")
    _refused(tmp_path, "submit", "lifecycle.number_missing", at=at("2026-12-01 10:00"), number="  ")
    _refused(tmp_path, "submit", "lifecycle.unknown_platform", at=at("2026-12-01 10:00"), number="N",
             platform="pdd")
    _refused(tmp_path, "result", "lifecycle.not_submitted", result="upheld", how="manual")
    _refused(tmp_path, "withdraw", "lifecycle.withdraw_not_submitted")
    lifecycle.change_status(tmp_path, "submit", at=at("2026-12-01 10:00"), number="N")
    _refused(tmp_path, "result", "lifecycle.unknown_reason", result="rejected", reason="too_blurry")
    _refused(tmp_path, "result", "lifecycle.reason_missing", result="rejected")
    _refused(tmp_path, "result", "lifecycle.how_missing", result="upheld")
    _refused(tmp_path, "result", "lifecycle.unknown_result", result="maybe")
    _refused(tmp_path, "result", "lifecycle.result_before_submission", result="upheld", how="manual",
             at=at("2026-12-01 09:59"))
    _refused(tmp_path, "submit", "lifecycle.already_submitted", at=at("2026-12-01 10:00"), number="N")


def test_a_never_exported_case_cannot_be_submitted(tmp_path: Path) -> None:
    save_case(Case(profile="1688", seller="店"), tmp_path)
    _refused(tmp_path, "submit", "lifecycle.not_exported", at=at("2026-12-01 10:00"), number="N")


def test_every_refusal_has_texts_in_both_languages() -> None:
    from core.case.build import error_finding

    for code in ("lifecycle.submitted_in_future", "lifecycle.unknown_reason", "lifecycle.not_submitted"):
        for lang in ("zh_CN", "en"):
            finding = error_finding(CaseError(code, at="x", now="y", reason="r", known="a, b"), lang)
            assert finding.message and finding.remedy and "{" not in finding.message


def test_times_the_user_types(tmp_path: Path) -> None:
    assert lifecycle.parse_time("2026-12-01 10:00").hour == 10
    assert lifecycle.parse_time("2026/12/01  10:00").minute == 0
    with pytest.raises(CaseError) as bad:
        lifecycle.parse_time("yesterday")
    assert bad.value.code == "lifecycle.bad_time"


def test_a_case_file_of_the_current_schema_is_migrated(tmp_path: Path) -> None:
    """Schema 1 (before this issue) had no status: an exported case becomes exported, others preparing."""
    old = {"schema_version": 1, "app_version": "0.1", "profile": "1688", "seller": "某某店", "listings": [],
           "complaint": [], "bts": [], "models": [], "no_model": {}, "overrides": {}, "notes": "",
           "created_at": "2026-11-30T09:00:00+08:00",
           "history": [{"at": "2026-11-30T09:00:00+08:00", "action": "created", "detail": {}},
                       {"at": "2026-11-30T11:00:00+08:00", "action": "exported", "detail": {"bundle": "b"}},
                       {"at": "2026-11-30T12:00:00+08:00", "action": "exported", "detail": {"bundle": "c"}}]}
    (tmp_path / "a").mkdir()
    case_file(tmp_path / "a").write_text(json.dumps(old), encoding="utf-8")
    case = load_case(tmp_path / "a")
    assert case.status.state == "exported" and case.status.exported_at == "2026-11-30T11:00:00+08:00"
    assert [e.action for e in case.history] == ["created", "exported", "exported"]
    draft = {**old, "history": old["history"][:1]}
    (tmp_path / "b").mkdir()
    case_file(tmp_path / "b").write_text(json.dumps(draft), encoding="utf-8")
    assert load_case(tmp_path / "b").status.state == "preparing"
    save_case(case, tmp_path / "a")
    saved = json.loads(case_file(tmp_path / "a").read_text(encoding="utf-8"))
    from core.case.casefile import SCHEMA_VERSION

    assert saved["schema_version"] == SCHEMA_VERSION and saved["status"]["state"] == "exported"


def test_editing_a_submitted_case_is_asked_and_recorded(tmp_path: Path) -> None:
    case = exported_case(tmp_path)
    assert not lifecycle.edit_needs_confirmation(case)
    lifecycle.submit(case, at("2026-12-01 10:00"), "N1", now=NOW)
    assert lifecycle.edit_needs_confirmation(case)
    lifecycle.record_edit_after_submission(case, added=["/p/a.jpg"])
    assert case.history[-1].action == "edited_after_submission"
    assert case.history[-1].detail == {"state": "submitted", "added": ["/p/a.jpg"]}


def test_resubmitting_a_rejected_case_makes_a_linked_new_case(tmp_path: Path) -> None:
    from core.case.linked import resubmit

    folder = tmp_path / "first"
    case = exported_case(folder)
    (folder / "proof").mkdir()
    (folder / "proof" / "a_1.jpg").write_bytes(b"\xff\xd8id-photo")
    case.listings = ["https://detail.1688.com/offer/1.html"]
    lifecycle.submit(case, at("2026-12-01 10:00"), "N1", now=NOW)
    with pytest.raises(CaseError) as early:
        save_case(case, folder)
        resubmit(folder)
    assert early.value.code == "lifecycle.resubmit_not_rejected"
    lifecycle.record_result(case, "rejected", reason="bts_unrelated", now=NOW)
    save_case(case, folder)
    new_folder, new = resubmit(folder)
    assert new_folder == tmp_path / "first-2" and new.status.state == "preparing"
    assert new.status.resubmission_of == str(folder) and new.listings == case.listings
    assert (new_folder / "proof" / "a_1.jpg").read_bytes() == b"\xff\xd8id-photo"
    old = load_case(folder)
    assert old.status.resubmitted_as == str(new_folder) and old.history[-1].action == "resubmitted"
    assert load_case(new_folder).history[0].action == "resubmission_of"
    with pytest.raises(CaseError) as twice:
        resubmit(folder)
    assert twice.value.code == "lifecycle.already_resubmitted"


def test_images_go_into_the_earlier_complaint_against_the_same_seller(tmp_path: Path) -> None:
    from core.case.casefile import ImageEntry
    from core.case.linked import add_images_to_case

    earlier = exported_case(tmp_path / "earlier")
    earlier.complaint.append(ImageEntry("/photos/a.jpg", "aa", 300_000, "jpeg"))
    lifecycle.submit(earlier, at("2026-12-01 10:00"), "N1", now=NOW)
    save_case(earlier, tmp_path / "earlier")
    later = Case(profile="1688", seller="某某店", listings=["https://detail.1688.com/offer/2.html"])
    later.complaint.append(ImageEntry("/photos/b.jpg", "bb", 300_000, "jpeg"))
    later.bts.append(ImageEntry("/photos/a.jpg", "aa", 300_000, "jpeg"))
    merged = add_images_to_case(tmp_path / "earlier", later, tmp_path / "later")
    assert [e.source for _, e in merged.images()] == ["/photos/a.jpg", "/photos/b.jpg"]
    assert merged.listings == ["https://detail.1688.com/offer/2.html"]
    assert [e.action for e in merged.history][-2:] == ["images_from", "edited_after_submission"]
    assert load_case(tmp_path / "earlier").status.number == "N1"


def test_a_window_saving_its_older_copy_keeps_a_status_recorded_meanwhile(tmp_path: Path) -> None:
    window_copy = exported_case(tmp_path)
    lifecycle.change_status(tmp_path, "submit", at=at("2026-12-01 10:00"), number="CLI-1")  # the command line
    window_copy.notes = "edited in the window"
    save_case(lifecycle.keep_status_from_disk(window_copy, tmp_path), tmp_path)
    saved = load_case(tmp_path)
    assert saved.notes == "edited in the window"
    assert saved.status.state == "submitted" and saved.status.number == "CLI-1"
    assert [e.action for e in saved.history] == ["exported", "submitted"]
