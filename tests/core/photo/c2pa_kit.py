"""A test certificate authority and C2PA signing, made in the test run (nothing shipped, no network).

c2pa-python signs with a certificate chain (signer + issuing CA) and a private key; the CA's
certificate is what a test passes to the reader as a trust anchor (or the signer's own certificate,
as an allowed end-entity certificate), so the same test can produce a "trusted camera" file and,
without the anchor, a "signer unknown" one.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
GENERATED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


@dataclass(frozen=True)
class SigningCa:
    ca_pem: str
    chain_pem: str  # signer certificate, then the CA's
    key_pem: str

    @property
    def signer_pem(self) -> str:
        """The signer's own certificate (what an allowed list of end-entity certificates holds)."""
        end = "-----END CERTIFICATE-----"
        return self.chain_pem.split(end, 1)[0] + end + "\n"


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])


def _usage(*, sign_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not sign_certificates, content_commitment=False,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=sign_certificates, crl_sign=sign_certificates,
                         encipher_only=False, decipher_only=False)


def make_ca(organisation: str = "Test Camera Co", signer: str = "Test Camera Signer") -> SigningCa:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{organisation} Root CA", organisation)
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(_usage(sign_certificates=True), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (x509.CertificateBuilder().subject_name(_name(signer, organisation)).issuer_name(ca_name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=365))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(_usage(sign_certificates=False), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                                  critical=False)
                   .sign(ca_key, hashes.SHA256()))

    def pem(item: x509.Certificate) -> str:
        return item.public_bytes(serialization.Encoding.PEM).decode()

    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return SigningCa(pem(ca), pem(certificate) + pem(ca), key_pem)


def manifest(generator: str, source_type: str | None,
             actions: tuple[str, ...] = ("c2pa.created",)) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for index, action in enumerate(actions):
        entry: dict[str, Any] = {"action": action}
        if index == 0 and source_type:
            entry["digitalSourceType"] = source_type
        entries.append(entry)
    return {"claim_generator_info": [{"name": generator, "version": "1.0"}], "title": "test",
            "assertions": [{"label": "c2pa.actions", "data": {"actions": entries}}]}


def sign(ca: SigningCa, image: bytes, mime: str, content: dict[str, Any]) -> bytes:
    """`image` with a C2PA manifest signed by the test CA's signer, embedded (c2pa-python's Builder)."""
    import c2pa

    info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, ca.chain_pem.encode(), ca.key_pem.encode(), None)
    output = io.BytesIO()
    with c2pa.Signer.from_info(info) as signer, c2pa.Builder(content) as builder:
        builder.sign(signer, mime, io.BytesIO(image), output)
    return output.getvalue()
