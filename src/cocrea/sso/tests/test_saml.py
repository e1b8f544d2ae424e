"""SAML 2.0 through allauth's provider (python3-saml, xmlsec): responses signed with a key and
certificate made here, as an identity provider would; an altered or unsigned one is refused."""

from __future__ import annotations

import base64
import datetime as dt
import re
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from cocrea.accounts.models import User
from cocrea.brands.models import Membership
from cocrea.sso.models import IdentityProvider

KEY = "cafe-saml"
IDP = "https://idp.cafe.example/saml"
SP = f"http://testserver/accounts/saml/{KEY}"


@pytest.fixture(autouse=True)
def _host(client):  # type: ignore[no-untyped-def]
    client.defaults["HTTP_HOST"] = "testserver"  # browsers always send it; python3-saml reads it


@pytest.fixture(scope="module")
def idp_keys() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.cafe.example")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return pem_key, cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def idp(brand, idp_keys) -> IdentityProvider:
    return IdentityProvider.objects.create(
        brand=brand,
        protocol="saml",
        key=KEY,
        name="Café Lumière SAML",
        idp_entity_id=IDP,
        idp_sso_url="https://idp.cafe.example/sso",
        idp_x509cert=idp_keys[1],
    )


def _request_id(client) -> str:
    response = client.post(f"/accounts/saml/{KEY}/login/")
    assert response.status_code == 302
    saml_request = parse_qs(urlsplit(response["Location"]).query)["SAMLRequest"][0]
    xml = zlib.decompress(base64.b64decode(saml_request), -15).decode()
    return re.search(r'ID="([^"]+)"', xml).group(1)  # type: ignore[union-attr]


def _response(
    request_id: str,
    email: str = "lea@cafe.example",
    idp_keys: tuple[str, str] | None = None,
    *,
    age: dt.timedelta = dt.timedelta(0),
    audience: str = f"{SP}/metadata/",
) -> str:
    """The identity provider's answer, issued ``age`` ago for ``audience``; its assertion
    signed with ``idp_keys`` if given."""
    now = dt.datetime.now(dt.UTC) - age
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    issued, later = now.strftime(fmt), (now + dt.timedelta(minutes=5)).strftime(fmt)
    acs = f"{SP}/acs/"
    claims = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"
    assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0" IssueInstant="{issued}"><saml:Issuer>{IDP}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{email}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="{acs}" InResponseTo="{request_id}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{issued}" NotOnOrAfter="{later}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{issued}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="{claims}/emailaddress"><saml:AttributeValue>{email}</saml:AttributeValue></saml:Attribute><saml:Attribute Name="email_verified"><saml:AttributeValue>true</saml:AttributeValue></saml:Attribute><saml:Attribute Name="{claims}/givenname"><saml:AttributeValue>Léa</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>"""  # noqa: E501
    if idp_keys is not None:
        assertion = _sign(assertion, idp_keys).split("?>", 1)[-1]
    return f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="{issued}" Destination="{acs}" InResponseTo="{request_id}"><saml:Issuer>{IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{assertion}</samlp:Response>"""  # noqa: E501


def _sign(xml: str, idp_keys: tuple[str, str]) -> str:
    signed = OneLogin_Saml2_Utils.add_sign(
        xml,
        idp_keys[0],
        idp_keys[1],
        sign_algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        digest_algorithm="http://www.w3.org/2001/04/xmlenc#sha256",
    )
    return signed.decode() if isinstance(signed, bytes) else str(signed)


def _post(client, xml: str):
    body = base64.b64encode(xml.encode()).decode()
    first = client.post(f"/accounts/saml/{KEY}/acs/", {"SAMLResponse": body})
    assert first.status_code == 302
    return client.get(first["Location"])


def test_the_metadata_page_is_served(client, idp):
    response = client.get(f"/accounts/saml/{KEY}/metadata/")
    assert response.status_code == 200
    assert b"EntityDescriptor" in response.content
    assert f"{SP}/acs/".encode() in response.content


def test_a_signed_response_signs_the_member_in(client, brand, idp, idp_keys):
    response = _post(client, _response(_request_id(client), idp_keys=idp_keys))
    assert response.status_code == 302, response.content[:400]
    assert response["Location"] == f"/b/{brand.slug}/"
    user = User.objects.get(email="lea@cafe.example")
    assert Membership.objects.filter(brand=brand, user=user).exists()


def test_an_altered_response_is_refused(client, brand, idp, idp_keys):
    signed = _response(_request_id(client), idp_keys=idp_keys)
    altered = signed.replace("lea@cafe.example", "boss@cafe.example")
    response = _post(client, altered)
    assert response.status_code == 401
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"age": dt.timedelta(hours=1)}, {"audience": "https://elsewhere.example/saml/metadata/"}],
    ids=["expired", "wrong-audience"],
)
def test_an_expired_or_misaddressed_response_is_refused(client, brand, idp, idp_keys, changes):
    response = _post(client, _response(_request_id(client), idp_keys=idp_keys, **changes))
    assert response.status_code == 401
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_replayed_response_is_refused(client, brand, idp, idp_keys):
    signed = _response(_request_id(client), idp_keys=idp_keys)
    assert _post(client, signed)["Location"] == f"/b/{brand.slug}/"
    client.logout()
    # The same response again, in the same browser or in a thief's: its request was answered
    for browser in (client, Client(HTTP_HOST="testserver")):
        body = base64.b64encode(signed.encode()).decode()
        first = browser.post(f"/accounts/saml/{KEY}/acs/", {"SAMLResponse": body})
        response = browser.get(first["Location"]) if first.status_code == 302 else first
        assert response.status_code in (401, 403)
        assert "_auth_user_id" not in browser.session
    assert User.objects.count() == 1


def test_an_unsigned_response_is_refused(client, brand, idp):
    response = _post(client, _response(_request_id(client)))
    assert response.status_code == 401
    assert not User.objects.exists()


def test_the_sign_in_page_lets_its_form_lead_to_the_identity_provider(client, idp):
    """Browsers check a form's redirects against form-action: without the provider's origin
    there, the "Continue" button does nothing at all."""
    page = client.get(f"/accounts/saml/{KEY}/login/")
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "form-action 'self' https://idp.cafe.example;" in policy + ";"
    assert (
        "https://idp.cafe.example" not in client.get("/accounts/login/")["Content-Security-Policy"]
    )
