"""C2PA manifests signed in the test (c2pa-python's Builder and a test CA made with cryptography), read back.

Valid and trusted camera signature: positive evidence (ok). Pixels changed after signing: block. An AI
source type: block. A valid signature by a signer that is not on the trust list: "signer unknown".
The test CA is made trusted by handing its certificate to the validator, as the shipped C2PA trust
list is handed in the app.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from core.base.findings import Finding
from core.inspection.inspect import InspectionReport, inspect_path
from core.photo import c2pa_manifest
from tests.conftest import exif_bytes

pytest.importorskip("c2pa")
pytest.importorskip("cryptography")

from tests.core.photo.c2pa_kit import CAPTURE, GENERATED, SigningCa, make_ca, manifest, sign  # noqa: E402


@pytest.fixture(scope="module")
def ca() -> SigningCa:
    return make_ca()


@pytest.fixture
def trusted(ca: SigningCa, monkeypatch: pytest.MonkeyPatch) -> SigningCa:
    """The test CA stands in for the shipped trust list."""
    monkeypatch.setattr(c2pa_manifest, "trust_anchors", lambda: ca.ca_pem)
    return ca


def camera_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 90, 60)).save(buffer, "JPEG", quality=90, exif=exif_bytes(size=(640, 480)))
    return buffer.getvalue()


def camera_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 90, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def signed(tmp_path: Path, ca: SigningCa, name: str, source: str | None, generator: str = "Test Camera Firmware",
           actions: tuple[str, ...] = ("c2pa.created",)) -> Path:
    mime = "image/png" if name.endswith(".png") else "image/jpeg"
    data = camera_png() if mime == "image/png" else camera_jpeg()
    path = tmp_path / name
    path.write_bytes(sign(ca, data, mime, manifest(generator, source, actions)))
    return path


def only(report: InspectionReport, code: str) -> Finding:
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code} not in {report.codes()}"
    return found[0]


@pytest.mark.parametrize("name", ["camera.jpg", "camera.png"])
def test_trusted_camera_signature_is_positive_evidence(tmp_path: Path, trusted: SigningCa, name: str) -> None:
    path = signed(tmp_path, trusted, name, CAPTURE)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    report = inspect_path(path)
    hit = only(report, "original.c2pa_camera")
    assert hit.severity == "ok" and hit.params["signer"] == "Test Camera Signer"
    assert "之后没有改动" in hit.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # reading never writes


def _change_pixels(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.find(b"IDAT") + 12 if path.suffix == ".png" else data.rfind(b"\xff\xda") + 40
    data[at] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", ["changed.jpg", "changed.png"])
def test_pixels_changed_after_signing_block(tmp_path: Path, trusted: SigningCa, name: str) -> None:
    path = signed(tmp_path, trusted, name, CAPTURE)
    _change_pixels(path)
    hit = only(inspect_path(path), "original.c2pa_tampered")
    assert hit.severity == "block" and "assertion.dataHash.mismatch" in hit.params["failures"]
    assert "original.c2pa_camera" not in inspect_path(path).codes()


def test_ai_source_in_the_manifest_blocks(tmp_path: Path, trusted: SigningCa) -> None:
    report = inspect_path(signed(tmp_path, trusted, "gen.jpg", GENERATED, generator="Image Generator"))
    hit = only(report, "original.ai_source")
    assert hit.severity == "block" and hit.params["where"] == "C2PA"
    assert hit.params["generator"].startswith("Image Generator")


def test_edit_actions_in_the_manifest_block(tmp_path: Path, trusted: SigningCa) -> None:
    path = signed(tmp_path, trusted, "edited.jpg", CAPTURE, generator="Photo Editor",
                  actions=("c2pa.created", "c2pa.color_adjustments"))
    assert only(inspect_path(path), "original.c2pa_edited").severity == "block"


def test_signer_not_on_the_trust_list_reads_as_unknown(tmp_path: Path, ca: SigningCa) -> None:
    """Without the test CA the validator has only the shipped list: the signature holds, its signer is unknown."""
    report = inspect_path(signed(tmp_path, ca, "unknown.jpg", CAPTURE))
    hit = only(report, "original.c2pa_untrusted")
    assert hit.severity == "ok" and hit.params["signer"] == "Test Camera Signer"
    assert "original.c2pa_camera" not in report.codes()


def test_fast_inspection_only_scans_bytes(tmp_path: Path, trusted: SigningCa, monkeypatch: pytest.MonkeyPatch) -> None:
    path = signed(tmp_path, trusted, "fast.jpg", GENERATED)

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("--fast must not validate")

    monkeypatch.setattr(c2pa_manifest, "validate", no_validation)
    assert only(inspect_path(path, fast=True), "original.ai_source").severity == "block"


def test_validation_never_uses_the_network() -> None:
    verify = c2pa_manifest.settings("anchors")["verify"]
    assert verify["remote_manifest_fetch"] is False and verify["ocsp_fetch"] is False


def test_the_shipped_trust_list_is_dated_and_real() -> None:
    from core.base.resources import resource

    pem = c2pa_manifest.trust_anchors()
    assert pem.count("-----BEGIN CERTIFICATE-----") >= 20
    readme = resource("trust", "README.md").read_text("utf-8")
    digest = hashlib.sha256(resource("trust", "C2PA-TRUST-LIST.pem").read_bytes()).hexdigest()
    assert "2026-08-13" in readme and digest in readme


def test_credentials_kept_online_are_named_not_fetched(tmp_path: Path) -> None:
    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description xmlns:dcterms="http://purl.org/dc/terms/" '
              b'dcterms:provenance="https://example.invalid/manifests/1"/></rdf:RDF></x:xmpmeta>')
    data = camera_jpeg()
    segment = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    path = tmp_path / "remote.jpg"
    path.write_bytes(data[:2] + b"\xff\xe1" + (len(segment) + 2).to_bytes(2, "big") + segment + data[2:])
    assert only(inspect_path(path), "original.c2pa_remote").severity == "ok"
