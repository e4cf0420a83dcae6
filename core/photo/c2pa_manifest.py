"""C2PA content credentials: found cheaply in the headers, validated offline with c2pa-python.

A manifest says who signed the picture (a camera, a phone, an editor, a generator), what was done
to it (`c2pa.actions`, with IPTC digital source types), and its signature binds it to the file's
bytes. Two depths, as the speed rules ask:
- `scan` (inspect --fast): the readers keep the manifest store's bytes (JPEG APP11, PNG caBX, WebP
  C2PA chunk, HEIF uuid box, TIFF tag 0xCD41); its labels and CBOR strings are read as bytes:
  actions, an AI source type, the claim generator. Nothing is verified.
- `validate` (plain inspect): c2pa-python reads and validates the store: signature, hashes over the
  pixels (`assertion.dataHash.mismatch` = the pixels changed after signing), trust of the signer
  against dated copies in `resources/trust/` of two lists, kept apart so the finding can name the
  one a signer is on: the official C2PA trust list, and the C2PA's earlier, now frozen interim
  trust list (the camera makers that sign in the camera, Leica, Sony, Nikon, Canon, Fujifilm, are
  only there). Both go to c2pa as separate anchor sets in one context, so one validation says which
  list matched (`trustListUri`). Remote manifests and OCSP are turned off: nothing touches the network.

`c2pa` (a ~23 MB native library) is imported only when a file carries a manifest.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.base.resources import resource
from core.photo.facts import clean_text

# Failure codes meaning the signed content no longer matches the file.
_TAMPER_SUFFIX = ".mismatch"
MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "heic": "image/heic", "avif": "image/avif",
        "tiff": "image/tiff", "dng": "image/dng", "arw": "image/x-sony-arw", "nef": "image/x-nikon-nef"}
OFFICIAL, INTERIM = "official", "interim"  # which shipped list a trusted signer is on
OFFICIAL_FILE = "C2PA-TRUST-LIST.pem"
INTERIM_ANCHORS_FILE = "C2PA-INTERIM-TRUST-LIST-anchors.pem"
INTERIM_ALLOWED_FILE = "C2PA-INTERIM-TRUST-LIST-allowed.pem"
# Names c2pa reports back for the anchor set that matched; any text works, these only tell ours apart.
TRUST_URIS = {OFFICIAL: "urn:yuantu:trust:c2pa-trust-list", INTERIM: "urn:yuantu:trust:c2pa-interim-trust-list"}
_TRUSTED = "signingCredential.trusted"


# ---- the cheap byte scan (--fast) -----------------------------------------------------------------

@dataclass(frozen=True)
class C2paScan:
    actions: tuple[str, ...]
    source_types: tuple[str, ...]  # IPTC digital source type names mentioned in the store
    generator: str | None


_ACTION = re.compile(rb"c2pa\.[a-z_.]+")
_NOT_ACTIONS = (b"c2pa.claim", b"c2pa.signature", b"c2pa.assertions", b"c2pa.hash", b"c2pa.thumbnail",
                b"c2pa.actions", b"c2pa.ingredient", b"c2pa.databoxes", b"c2pa.credentials")
_SOURCE_TYPE_URI = b"http://cv.iptc.org/newscodes/digitalsourcetype/"
_NAME = re.compile(rb"[A-Za-z]+")


def _labels(data: bytes) -> list[bytes]:
    """Every "c2pa.*" string: CBOR text (its length is in the byte before) or a JUMBF box label."""
    found: list[bytes] = []
    start = data.find(b"c2pa.")
    while start >= 0:
        head = data[start - 1] if start else 0
        if 0x60 <= head <= 0x77:
            found.append(data[start : start + head - 0x60])
        elif start >= 2 and data[start - 2] == 0x78:
            found.append(data[start : start + head])
        else:
            match = _ACTION.match(data, start)
            if match:
                found.append(match.group(0))
        start = data.find(b"c2pa.", start + 5)
    return found


def _cbor_text_after(data: bytes, key: bytes) -> str | None:
    """The CBOR text string right after a map key (C2PA claims are CBOR)."""
    at = data.find(key)
    if at < 0:
        return None
    position = at + len(key)
    if position >= len(data):
        return None
    head = data[position]
    if 0x60 <= head <= 0x77:
        length, position = head - 0x60, position + 1
    elif head == 0x78 and position + 1 < len(data):
        length, position = data[position + 1], position + 2
    else:
        return None
    return clean_text(data[position : position + length].decode("utf-8", "replace"))


def _source_types(data: bytes) -> list[str]:
    """IPTC source type names from the CBOR text strings that hold their URIs (length-prefixed, so the
    next item's header byte, often a letter, is not read as part of the name)."""
    found: list[str] = []
    start = data.find(_SOURCE_TYPE_URI)
    while start >= 0:
        end = None
        if start >= 2 and data[start - 2] == 0x78:
            end = start + data[start - 1]
        elif start >= 1 and 0x60 <= data[start - 1] <= 0x77:
            end = start + data[start - 1] - 0x60
        tail = data[start + len(_SOURCE_TYPE_URI) : end if end else start + len(_SOURCE_TYPE_URI) + 64]
        match = _NAME.match(tail)
        if match:
            found.append(match.group(0).decode("ascii"))
        start = data.find(_SOURCE_TYPE_URI, start + 1)
    return found


def scan(store: bytes | None) -> C2paScan | None:
    """What a manifest store says, read from its bytes (labels and CBOR strings, offline, unverified).

    Source types are found as the IPTC URIs C2PA actions carry (`.../digitalsourcetype/<name>`)."""
    if not store or b"c2pa" not in store:
        return None
    names = (name for name in _labels(store) if not name.startswith(_NOT_ACTIONS))
    actions = tuple(dict.fromkeys(name.decode("ascii", "replace") for name in names))
    sources = tuple(dict.fromkeys(_source_types(store)))
    generator = _cbor_text_after(store, b"claim_generator") or _cbor_text_after(store, b"\x64name")
    return C2paScan(actions, sources, generator)


# ---- full validation (plain inspect) --------------------------------------------------------------

@dataclass(frozen=True)
class C2paReport:
    validated: bool  # False: c2pa could not read the store (error says why)
    state: str | None = None  # "Trusted", "Valid" or "Invalid": c2pa's validation state
    trusted: bool = False  # the signer chains to one of the shipped trust lists
    trust_list: str | None = None  # which one: OFFICIAL or INTERIM (None when not trusted)
    signer: str | None = None  # the signing certificate's common name
    signer_org: str | None = None  # its issuer's organisation
    generator: str | None = None  # claim generator (name and version)
    actions: tuple[str, ...] = ()
    source_types: tuple[str, ...] = ()  # IPTC digital source type names from the actions
    failures: tuple[str, ...] = ()  # validation failure codes
    error: str | None = None
    remote: bool = False  # the store lives on a server (not fetched: the app stays offline)

    @property
    def tampered(self) -> bool:
        """The signed content no longer matches the file: pixels or claim changed after signing."""
        return any(code.endswith(_TAMPER_SUFFIX) for code in self.failures)


@dataclass(frozen=True)
class TrustLists:
    """The certificates a signer may chain to, as PEM text, one field per list so each can be named.

    The interim list has root CAs and, for signers without a CA of their own, end-entity
    certificates trusted one by one (c2pa's `allowed_list`)."""

    official: str  # the C2PA trust list: root and issuing CAs
    interim_anchors: str = ""  # the C2PA interim trust list's CAs
    interim_allowed: str = ""  # and its end-entity certificates


def trust_lists() -> TrustLists:
    """The shipped lists (`resources/trust/`), read once."""
    global _LISTS
    if _LISTS is None:
        def read(name: str) -> str:
            return resource("trust", name).read_text("utf-8")

        _LISTS = TrustLists(read(OFFICIAL_FILE), read(INTERIM_ANCHORS_FILE), read(INTERIM_ALLOWED_FILE))
    return _LISTS


_LISTS: TrustLists | None = None
_LOCAL = threading.local()  # c2pa contexts are native objects: one per thread, never shared


def settings(lists: TrustLists) -> dict[str, Any]:
    """c2pa settings: verify, trust only the given lists (each its own anchor set), never use the network."""
    anchors: list[dict[str, Any]] = [
        {"trust_anchors": lists.official, "trust_uri": TRUST_URIS[OFFICIAL], "trust_kind": "manifest"}]
    if lists.interim_anchors or lists.interim_allowed:
        interim: dict[str, Any] = {"trust_anchors": lists.interim_anchors, "trust_uri": TRUST_URIS[INTERIM],
                                   "trust_kind": "manifest"}
        if lists.interim_allowed:
            interim["allowed_list"] = lists.interim_allowed
        anchors.append(interim)
    return {
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False, "verify_trust": True,
                   "verify_after_reading": True},
        "trust": {"anchors": anchors},
    }


def _context(lists: TrustLists) -> Any:
    import c2pa

    contexts: dict[TrustLists, Any] = getattr(_LOCAL, "contexts", None) or {}
    _LOCAL.contexts = contexts
    if lists not in contexts:
        contexts[lists] = c2pa.Context.from_dict(settings(lists))
    return contexts[lists]


def _trust_list(results: Any, lists: TrustLists) -> str | None:
    """Which shipped list the signer is on, from the anchor set c2pa names (None: not trusted).

    An end-entity certificate matched by an allowed list is reported with no list name; only the
    interim list has one."""
    if _TRUSTED not in _codes(results, "success"):
        return None
    uri = results.get("trustListUri") if isinstance(results, Mapping) else None
    for name, known in TRUST_URIS.items():
        if uri == known:
            return name
    return INTERIM if uri == "" and lists.interim_allowed else None


def _generator(manifest: Mapping[str, Any]) -> str | None:
    infos = manifest.get("claim_generator_info")
    if isinstance(infos, list) and infos and isinstance(infos[0], Mapping):
        name = str(infos[0].get("name") or "").strip()
        version = str(infos[0].get("version") or "").strip()
        if name:
            return name if not version or version in name else f"{name} {version}"
    text = manifest.get("claim_generator")
    return clean_text(text) if isinstance(text, str) else None


def _actions(manifest: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    actions: list[str] = []
    sources: list[str] = []
    for assertion in manifest.get("assertions") or []:
        if not isinstance(assertion, Mapping) or not str(assertion.get("label", "")).startswith("c2pa.actions"):
            continue
        data = assertion.get("data")
        for action in data.get("actions") or [] if isinstance(data, Mapping) else []:
            if not isinstance(action, Mapping):
                continue
            if action.get("action"):
                actions.append(str(action["action"]))
            source = action.get("digitalSourceType")
            if source:
                sources.append(str(source).rstrip("/").rsplit("/", 1)[-1])
    return list(dict.fromkeys(actions)), list(dict.fromkeys(sources))


def _codes(results: Any, kind: str) -> list[str]:
    if not isinstance(results, Mapping):
        return []
    active = results.get("activeManifest") or {}
    return [str(item.get("code")) for item in active.get(kind) or [] if isinstance(item, Mapping)]


def validate(path: Path, kind: str, lists: TrustLists | None = None) -> C2paReport:
    """Read and validate the file's C2PA manifest store (call only when `scan` found one)."""
    try:
        import c2pa
    except ImportError as error:  # a build without the native library
        return C2paReport(False, error=f"c2pa unavailable ({error})")
    lists = lists if lists is not None else trust_lists()
    try:
        context = _context(lists)
        with path.open("rb") as handle, c2pa.Reader(MIME.get(kind, ""), handle, context=context) as reader:
            store = json.loads(reader.json())
    except (c2pa.C2paError, OSError, ValueError) as error:
        text = f"{type(error).__name__}: {error}"
        return C2paReport(False, error=text[:300], remote="Remote" in text)
    manifests = store.get("manifests") or {}
    manifest = manifests.get(store.get("active_manifest")) or {}
    signature = manifest.get("signature_info") or {}
    results = store.get("validation_results")
    failures = _codes(results, "failure")
    if not results and isinstance(store.get("validation_status"), list):  # older stores: one flat list
        failures = [str(item.get("code")) for item in store["validation_status"] if isinstance(item, Mapping)]
    actions, sources = _actions(manifest)
    trust_list = _trust_list(results, lists)
    return C2paReport(
        True, state=store.get("validation_state"), trusted=trust_list is not None, trust_list=trust_list,
        signer=clean_text(signature.get("common_name")), signer_org=clean_text(signature.get("issuer")),
        generator=_generator(manifest), actions=tuple(actions), source_types=tuple(sources),
        failures=tuple(dict.fromkeys(failures)),
    )
