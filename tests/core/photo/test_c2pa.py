"""C2PA manifests signed in the test (c2pa-python's Builder and a test CA made with cryptography), read back.

Valid camera signature on a trust list: positive evidence (ok), naming the list (the official C2PA
trust list, or the C2PA's frozen interim list). Pixels changed after signing: block. An AI source
type: block. A valid signature that claims a camera but whose signer is on neither list: warn
("signer unknown"). The test CA is made trusted by handing its certificate to the validator in
place of one of the shipped lists, as those are handed in the app.
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


@pytest.fixture(scope="module")
def other_ca() -> SigningCa:
    return make_ca("Other Camera Co", "Other Signer")


def use_lists(monkeypatch: pytest.MonkeyPatch, lists: c2pa_manifest.TrustLists) -> None:
    """Injected lists stand in for the shipped ones (`resources/trust/`)."""
    monkeypatch.setattr(c2pa_manifest, "trust_lists", lambda: lists)


@pytest.fixture
def trusted(ca: SigningCa, other_ca: SigningCa, monkeypatch: pytest.MonkeyPatch) -> SigningCa:
    """The test CA stands in for the official C2PA trust list; another CA is the interim list."""
    use_lists(monkeypatch, c2pa_manifest.TrustLists(ca.ca_pem, interim_anchors=other_ca.ca_pem))
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
    assert hit.params["trust_list"] == "official"
    assert "之后没有改动" in hit.message and "C2PA 官方信任列表" in hit.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # reading never writes


def test_a_camera_on_the_interim_list_is_trusted_and_the_list_is_named(
        tmp_path: Path, ca: SigningCa, other_ca: SigningCa, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leica, Sony, Nikon, Canon and Fujifilm chain only to the interim list: trusted, said honestly."""
    use_lists(monkeypatch, c2pa_manifest.TrustLists(other_ca.ca_pem, interim_anchors=ca.ca_pem))
    hit = only(inspect_path(signed(tmp_path, ca, "interim.jpg", CAPTURE)), "original.c2pa_camera")
    assert hit.severity == "ok" and hit.params["trust_list"] == "interim"
    assert "C2PA 过渡信任列表" in hit.message and "冻结" in hit.message and "之后没有改动" in hit.message


def test_an_allowed_signer_certificate_of_the_interim_list_is_trusted(
        tmp_path: Path, ca: SigningCa, other_ca: SigningCa, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interim list also trusts single signing certificates (Nikon's, Sony's), not only CAs."""
    use_lists(monkeypatch, c2pa_manifest.TrustLists(other_ca.ca_pem, interim_allowed=ca.signer_pem))
    path = signed(tmp_path, ca, "allowed.jpg", CAPTURE)
    assert c2pa_manifest.validate(path, "jpeg").trust_list == "interim"
    assert only(inspect_path(path), "original.c2pa_camera").params["trust_list"] == "interim"


def test_which_list_a_signer_is_on(tmp_path: Path, ca: SigningCa, other_ca: SigningCa) -> None:
    """The validator, handed the lists directly: one validation tells the official list from the interim one."""
    path = signed(tmp_path, ca, "lists.jpg", CAPTURE)
    nobody = make_ca("Nobody Co").ca_pem
    cases = {"official": c2pa_manifest.TrustLists(ca.ca_pem, interim_anchors=other_ca.ca_pem),
             "interim": c2pa_manifest.TrustLists(other_ca.ca_pem, interim_anchors=ca.ca_pem),
             None: c2pa_manifest.TrustLists(nobody, interim_anchors=other_ca.ca_pem)}
    for expected, lists in cases.items():
        report = c2pa_manifest.validate(path, "jpeg", lists)
        assert report.validated and report.trust_list == expected and report.trusted is (expected is not None)


def _change_pixels(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.find(b"IDAT") + 12 if path.suffix == ".png" else data.rfind(b"\xff\xda") + 40
    data[at] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", ["changed.jpg", "changed.png"])
@pytest.mark.parametrize("on_list", ["official", "interim"])
def test_pixels_changed_after_signing_block(tmp_path: Path, ca: SigningCa, other_ca: SigningCa,
                                            monkeypatch: pytest.MonkeyPatch, name: str, on_list: str) -> None:
    official, interim = (ca, other_ca) if on_list == "official" else (other_ca, ca)
    use_lists(monkeypatch, c2pa_manifest.TrustLists(official.ca_pem, interim_anchors=interim.ca_pem))
    path = signed(tmp_path, ca, name, CAPTURE)
    _change_pixels(path)
    report = inspect_path(path)
    hit = only(report, "original.c2pa_tampered")
    assert hit.severity == "block" and "assertion.dataHash.mismatch" in hit.params["failures"]
    assert "original.c2pa_camera" not in report.codes()


def test_ai_source_in_the_manifest_blocks(tmp_path: Path, trusted: SigningCa) -> None:
    report = inspect_path(signed(tmp_path, trusted, "gen.jpg", GENERATED, generator="Image Generator"))
    hit = only(report, "original.ai_source")
    assert hit.severity == "block" and hit.params["where"] == "C2PA"
    assert hit.params["generator"].startswith("Image Generator")


def test_edit_actions_in_the_manifest_block(tmp_path: Path, trusted: SigningCa) -> None:
    path = signed(tmp_path, trusted, "edited.jpg", CAPTURE, generator="Photo Editor",
                  actions=("c2pa.created", "c2pa.color_adjustments"))
    assert only(inspect_path(path), "original.c2pa_edited").severity == "block"


def test_a_camera_claim_by_an_unknown_signer_warns(tmp_path: Path, ca: SigningCa) -> None:
    """Without the test CA the validator has only the shipped lists: the signature holds, its signer is
    unknown, so the camera claim is the signer's own word: not ok, not block."""
    report = inspect_path(signed(tmp_path, ca, "unknown.jpg", CAPTURE))
    hit = only(report, "original.c2pa_camera_unknown")
    assert hit.severity == "warn" and hit.params["signer"] == "Test Camera Signer"
    assert "签名之后画面没有被改动" in hit.message and "无法确认" in hit.message  # what it proves, what not
    assert "original.c2pa_camera" not in report.codes() and "original.no_edit_signs" not in report.codes()


def test_an_unknown_signer_without_a_camera_claim_is_a_note(tmp_path: Path, ca: SigningCa) -> None:
    """No camera claim (a source type the app does not know, a generator that is no camera): a note."""
    future = "http://cv.iptc.org/newscodes/digitalsourcetype/someFutureType"
    report = inspect_path(signed(tmp_path, ca, "note.jpg", future, generator="Photo Uploader"))
    hit = only(report, "original.c2pa_untrusted")
    assert hit.severity == "ok" and hit.params["signer"] == "Test Camera Signer"
    assert not {"original.c2pa_camera", "original.c2pa_camera_unknown"} & set(report.codes())


def test_fast_inspection_only_scans_bytes(tmp_path: Path, trusted: SigningCa, monkeypatch: pytest.MonkeyPatch) -> None:
    path = signed(tmp_path, trusted, "fast.jpg", GENERATED)

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("--fast must not validate")

    monkeypatch.setattr(c2pa_manifest, "validate", no_validation)
    assert only(inspect_path(path, fast=True), "original.ai_source").severity == "block"


def test_validation_never_uses_the_network() -> None:
    verify = c2pa_manifest.settings(c2pa_manifest.TrustLists("anchors"))["verify"]
    assert verify["remote_manifest_fetch"] is False and verify["ocsp_fetch"] is False


def test_the_shipped_trust_lists_are_dated_and_real() -> None:
    from core.base.resources import resource

    lists = c2pa_manifest.trust_lists()
    assert lists.official.count("-----BEGIN CERTIFICATE-----") >= 20
    readme = resource("trust", "README.md").read_text("utf-8")
    for name, date in ((c2pa_manifest.OFFICIAL_FILE, "2026-08-13"), (c2pa_manifest.INTERIM_ANCHORS_FILE, "2025-12-03"),
                       (c2pa_manifest.INTERIM_ALLOWED_FILE, "2025-12-03")):
        digest = hashlib.sha256(resource("trust", name).read_bytes()).hexdigest()
        assert name in readme and date in readme and digest in readme
    import c2pa

    c2pa.Context.from_dict(c2pa_manifest.settings(lists)).close()  # c2pa takes all three as they are


def _organisations(pem: str) -> set[str]:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return {str(attribute.value) for certificate in x509.load_pem_x509_certificates(pem.encode())
            for attribute in certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)}


def test_camera_makers_read_as_trusted_from_the_interim_list() -> None:
    """The camera makers that sign in the camera are on the interim list; Google's Pixel on the official one."""
    lists = c2pa_manifest.trust_lists()
    interim = _organisations(lists.interim_anchors)
    assert {"Leica Camera AG", "SONY Corporation", "NIKON CORPORATION", "Canon Inc.",
            "FUJIFILM Corporation"} <= interim
    assert "NIKON CORPORATION" in _organisations(lists.interim_allowed)  # Nikon's signing certificates too
    assert "Google LLC" in _organisations(lists.official)


def test_credentials_kept_online_are_named_not_fetched(tmp_path: Path) -> None:
    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description xmlns:dcterms="http://purl.org/dc/terms/" '
              b'dcterms:provenance="https://example.invalid/manifests/1"/></rdf:RDF></x:xmpmeta>')
    data = camera_jpeg()
    segment = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    path = tmp_path / "remote.jpg"
    path.write_bytes(data[:2] + b"\xff\xe1" + (len(segment) + 2).to_bytes(2, "big") + segment + data[2:])
    assert only(inspect_path(path), "original.c2pa_remote").severity == "ok"
