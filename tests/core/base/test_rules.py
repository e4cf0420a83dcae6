"""Rules profiles are data: both profiles load, inherit, and a broken one names the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.base.findings import LANGUAGES, Severity, catalog
from core.base.resources import resource
from core.base.rules import ProfileError, available_profiles, load_profile, load_profile_file


def test_default_profile_holds_the_platform_rules() -> None:
    profile = load_profile("1688")
    assert profile.accepted_types == ("jpeg",)
    assert (profile.min_bytes, profile.max_bytes) == (204_800, 20_000_000)
    assert profile.conversion_for("cr2") is not None and profile.conversion_for("cr2").basis == "explicit"
    assert profile.conversion_for("heic") is not None and profile.conversion_for("heic").basis == "analogy"
    assert profile.conversion_for("png") is None
    assert profile.complaint_images == 1 and profile.min_bts_images == 2 and profile.model_proof_when_face
    assert profile.response_working_days == 2 and profile.merge_window_days == 3


def test_taobao_profile_extends_1688_and_differs_only_where_known() -> None:
    assert {"1688", "taobao"} <= set(available_profiles())
    base, taobao = load_profile("1688"), load_profile("taobao")
    assert taobao.id == "taobao" and "tmall.com" in taobao.listing_hosts
    assert (taobao.min_bytes, taobao.max_bytes, taobao.accepted_types) == (base.min_bytes, base.max_bytes,
                                                                          base.accepted_types)
    assert taobao.severities == base.severities


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(ProfileError, match="unknown rules profile 'nope'"):
        load_profile("nope")


@pytest.mark.parametrize(
    ("mutation", "key"),
    [
        (lambda text: text.replace("min_bytes = 204800", ""), "size.min_bytes"),
        (lambda text: text.replace("max_bytes = 20000000", 'max_bytes = "20MB"'), "size.max_bytes"),
        (lambda text: text.replace('cr2 = "explicit"', 'cr2 = "maybe"'), "format.convertible.cr2"),
    ],
)
def test_broken_profile_names_the_key(tmp_path: Path, mutation, key: str) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.toml"
    broken.write_text(mutation(resource("rules", "1688.toml").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ProfileError, match=key.replace(".", r"\.")):
        load_profile_file(broken)


def test_unparseable_profile_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "bad.toml"
    broken.write_text("[size\nmin_bytes = 1", encoding="utf-8")
    with pytest.raises(ProfileError, match="bad.toml"):
        load_profile_file(broken)


def test_every_finding_code_has_texts_in_both_languages_and_a_severity() -> None:
    profile = load_profile("1688")
    chinese, english = catalog("zh_CN"), catalog("en")
    assert chinese.codes == english.codes, "zh_CN and en catalogs must hold the same codes"
    assert set(chinese.entries) == set(english.entries), "labels must exist in both languages"
    for code in chinese.codes:
        assert code in profile.severities, f"{code} has texts but no severity in resources/rules/checks"
        message, remedy = chinese.text(code, {})
        assert message.strip(), code
    for code, severity in profile.severities.items():
        assert Severity(severity)
        assert code in chinese.codes, f"{code} has a severity but no message"
    assert len(LANGUAGES) == 2
