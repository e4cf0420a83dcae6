"""Listing links: validate and normalise the accused seller's product link(s).

Merchants paste whatever their browser or phone gave them: desktop offer pages, mobile pages, QR
landing pages, links full of tracking parameters, sometimes a whole share text around the link.
Each is reduced to the one canonical form the complaint form expects (`https://detail.1688.com/
offer/<id>.html`, `https://item.taobao.com/item.htm?id=<id>`, `https://detail.tmall.com/item.htm?
id=<id>`). Anything else is a finding, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from core.base.findings import Finding
from core.base.rules import Profile

_URL_IN_TEXT = re.compile(r"(?:https?://)?(?:[A-Za-z0-9-]+\.)*(?:1688|taobao|tmall|tb)\.c(?:om|n)(?:[/?#][^\s\"'<>，。】]*)?",
                          re.IGNORECASE)
_ANY_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_OFFER_PATH = re.compile(r"/offer/(\d{5,20})\.html?$", re.IGNORECASE)
_ITEM_ID = re.compile(r"^\d{5,20}$")
# Short links (m.tb.cn, qr.1688.com/s/...) redirect to the listing; resolving them needs the network.
_SHORT_HOSTS = ("m.tb.cn", "tb.cn", "qr.1688.com")

PLATFORM_HOSTS = {"1688": "1688.com", "taobao": "taobao.com", "tmall": "tmall.com"}


@dataclass(frozen=True)
class Listing:
    """One pasted link and what it normalises to (`url` is None when it is not a usable listing link)."""

    entered: str
    url: str | None
    platform: str | None = None
    item_id: str | None = None
    reason: str | None = None  # why it is unusable: empty, not_a_link, short_link, no_item_id, unknown_site
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"entered": self.entered, "url": self.url, "platform": self.platform, "item_id": self.item_id,
                "reason": self.reason, "findings": [f.to_json() for f in self.findings]}


def _query_id(query: dict[str, list[str]], *names: str) -> str | None:
    lowered = {key.lower(): values for key, values in query.items()}
    for name in names:
        for value in lowered.get(name.lower(), []):
            if _ITEM_ID.match(value.strip()):
                return value.strip()
    return None


def parse_listing(text: str) -> Listing:
    """The canonical link for one pasted text, or the reason there is none (no findings yet)."""
    entered = text.strip()
    if not entered:
        return Listing(text, None, reason="empty")
    match = _URL_IN_TEXT.search(entered.replace("\u3000", " "))
    if match is None:
        return Listing(text, None, reason="unknown_site" if _ANY_URL.search(entered) else "not_a_link")
    candidate = match.group(0)
    if "://" not in candidate:
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower()
    except ValueError:
        return Listing(text, None, reason="not_a_link")
    query = parse_qs(parts.query, keep_blank_values=False)
    if host.endswith("1688.com"):
        offer = _OFFER_PATH.search(parts.path)
        item_id = offer.group(1) if offer else _query_id(query, "offerId", "offer_id", "id")
        if item_id:
            return Listing(text, f"https://detail.1688.com/offer/{item_id}.html", "1688", item_id)
    elif host.endswith("tmall.com") or host.endswith("taobao.com"):
        item_id = _query_id(query, "id", "itemId", "item_id")
        if item_id is None:
            offer = re.search(r"/i(\d{5,20})\.htm", parts.path)
            item_id = offer.group(1) if offer else None
        if item_id:
            if host.endswith("tmall.com"):
                return Listing(text, f"https://detail.tmall.com/item.htm?id={item_id}", "tmall", item_id)
            return Listing(text, f"https://item.taobao.com/item.htm?id={item_id}", "taobao", item_id)
    else:
        return Listing(text, None, reason="short_link" if host in _SHORT_HOSTS else "unknown_site")
    if host in _SHORT_HOSTS or parts.path.startswith("/s/"):
        return Listing(text, None, reason="short_link")
    return Listing(text, None, reason="no_item_id")


def _fits_profile(listing: Listing, profile: Profile) -> bool:
    host = PLATFORM_HOSTS.get(listing.platform or "", "")
    return any(host.endswith(allowed) or allowed.endswith(host) for allowed in profile.listing_hosts)


def check_listings(entered: Iterable[str], profile: Profile, lang: str | None = None) -> list[Listing]:
    """Every pasted link, normalised, with its findings (`listing.invalid`, `listing.wrong_platform`)."""
    factory = profile.findings(lang)
    labels = factory.catalog
    results: list[Listing] = []
    seen: set[str] = set()
    for text in entered:
        listing = parse_listing(text)
        findings: list[Finding] = []
        if listing.url is None:
            reason = listing.reason or "not_a_link"
            findings.append(factory.make("listing.invalid", link=text.strip()[:200], reason=reason,
                                         reason_text=labels.label("listing.reason." + reason)))
        elif not _fits_profile(listing, profile):
            findings.append(factory.make("listing.wrong_platform", link=listing.url,
                                         platform=labels.label("listing.platform." + (listing.platform or "")),
                                         profile=profile.name(factory.language)))
        elif listing.url in seen:
            findings.append(factory.make("listing.duplicate", link=listing.url))
        if listing.url:
            seen.add(listing.url)
        results.append(Listing(listing.entered, listing.url, listing.platform, listing.item_id, listing.reason,
                               findings))
    return results


def listing_findings(entered: list[str], profile: Profile, lang: str | None = None) -> list[Finding]:
    """The case-level findings about the links: each bad link, and `listing.missing` when none is usable."""
    results = check_listings(entered, profile, lang)
    findings = [finding for listing in results for finding in listing.findings]
    if not any(listing.url and not listing.findings for listing in results):
        findings.append(profile.findings(lang).make("listing.missing"))
    return findings


def normalised_links(entered: list[str], profile: Profile) -> list[str]:
    """The usable canonical links, in the order entered, without repeats."""
    links: list[str] = []
    for listing in check_listings(entered, profile):
        if listing.url and listing.url not in links and not any(
                f.code == "listing.wrong_platform" for f in listing.findings):
            links.append(listing.url)
    return links
