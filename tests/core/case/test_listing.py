"""Listing links: every form merchants paste becomes the one canonical link; anything else is a finding."""

from __future__ import annotations

import pytest

from core.base.findings import Severity
from core.base.rules import load_profile
from core.case.listing import check_listings, listing_findings, normalised_links, parse_listing

OFFER = "https://detail.1688.com/offer/623456789012.html"
TAOBAO = "https://item.taobao.com/item.htm?id=712345678901"
TMALL = "https://detail.tmall.com/item.htm?id=712345678901"


@pytest.mark.parametrize(("pasted", "expected"), [
    (OFFER, OFFER),
    ("https://detail.1688.com/offer/623456789012.html?spm=a26352.13672862.offerlist.3.5f3e&tracelog=p4p", OFFER),
    ("http://detail.1688.com/offer/623456789012.html#detail", OFFER),
    ("detail.1688.com/offer/623456789012.html", OFFER),
    ("  https://m.1688.com/offer/623456789012.html?sk=consign  ", OFFER),
    ("https://qr.1688.com/share.html?offerId=623456789012&secret=abc", OFFER),
    ("https://detail.m.1688.com/page/index.html?offerId=623456789012&spm=x", OFFER),
    ("【1688】这款很好 https://detail.1688.com/offer/623456789012.html 复制到浏览器打开", OFFER),
    ("https://item.taobao.com/item.htm?spm=a1z10.1-c.w4004.1&id=712345678901&ns=1", TAOBAO),
    ("https://h5.m.taobao.com/awp/core/detail.htm?id=712345678901&ut_sk=1.abc", TAOBAO),
    ("https://m.intl.taobao.com/detail/detail.html?id=712345678901", TAOBAO),
    ("https://detail.tmall.com/item.htm?id=712345678901&skuId=5012&ali_refid=a3", TMALL),
    ("https://detail.m.tmall.com/item.htm?id=712345678901", TMALL),
])
def test_pasted_forms_normalise_to_the_canonical_link(pasted: str, expected: str) -> None:
    assert parse_listing(pasted).url == expected


@pytest.mark.parametrize(("pasted", "reason"), [
    ("", "empty"),
    ("   ", "empty"),
    ("我的商品被盗图了", "not_a_link"),
    ("https://www.jd.com/item/100012043978.html", "unknown_site"),
    ("https://detail.1688.com/offer/.html", "no_item_id"),
    ("https://detail.1688.com/offer/62345", "no_item_id"),
    ("https://qr.1688.com/s/xYz12AbC", "short_link"),
    ("https://m.tb.cn/h.5abcDE", "short_link"),
    ("https://item.taobao.com/item.htm?id=abc", "no_item_id"),
    ("https://detail.1688.com:notaport/offer/1.html", "no_item_id"),
    ("\x00\ufffd%%%", "not_a_link"),
])
def test_malformed_links_are_a_blocking_finding_not_a_crash(pasted: str, reason: str) -> None:
    listing = check_listings([pasted], load_profile("1688"))[0]
    assert listing.url is None and listing.reason == reason
    assert [f.code for f in listing.findings] == ["listing.invalid"]
    assert listing.findings[0].severity is Severity.BLOCK
    assert listing.findings[0].message and listing.findings[0].remedy


def test_a_taobao_link_in_a_1688_case_is_named_as_the_wrong_platform() -> None:
    listing = check_listings([TAOBAO], load_profile("1688"))[0]
    assert [f.code for f in listing.findings] == ["listing.wrong_platform"]
    assert "淘宝" in listing.findings[0].message
    assert check_listings([TAOBAO, TMALL], load_profile("taobao"))[0].findings == []
    assert check_listings([TMALL], load_profile("taobao"))[0].findings == []


def test_case_level_findings_and_links_ready_to_paste() -> None:
    profile = load_profile("1688")
    assert [f.code for f in listing_findings([], profile)] == ["listing.missing"]
    assert [f.code for f in listing_findings(["nonsense"], profile)] == ["listing.invalid", "listing.missing"]
    tracked = OFFER + "?spm=abc"
    assert [f.code for f in listing_findings([OFFER, tracked], profile)] == ["listing.duplicate"]
    assert normalised_links([tracked, OFFER, "nonsense", TAOBAO], profile) == [OFFER]


def test_english_texts() -> None:
    finding = check_listings(["https://m.tb.cn/h.5abcDE"], load_profile("1688"), "en")[0].findings[0]
    assert "short-link" in finding.message and "browser" in finding.remedy
