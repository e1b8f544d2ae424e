"""A brand's ways in: its identity providers (OpenID Connect, SAML 2.0) spoken by allauth's
providers, "SSO only", and the customer token of its e-commerce site (docs/accounts.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand


class IdentityProvider(models.Model):
    """One of a brand's identity providers; ``sso.adapter`` turns it into allauth's SocialApp."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="identity_providers")
    protocol = models.CharField(_("protocol"), max_length=4, choices=Protocol.choices)
    # allauth's provider id (OIDC) or organisation slug (SAML): in the provider's URLs.
    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("button label"), max_length=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    # OpenID Connect
    server_url = models.URLField(_("issuer URL"), max_length=300, blank=True)
    client_id = models.CharField(_("client ID"), max_length=200, blank=True)
    secret = models.CharField(_("client secret"), max_length=300, blank=True)
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile")
    # SAML 2.0: the identity provider's entity id, sign-in URL and signing certificate.
    idp_entity_id = models.CharField(_("identity provider entity ID"), max_length=300, blank=True)
    idp_sso_url = models.URLField(_("identity provider sign-in URL"), max_length=300, blank=True)
    idp_x509cert = models.TextField(_("identity provider certificate (PEM)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["brand", "name", "id"]
        verbose_name = _("identity provider")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_protocol_display()}) @ {self.brand}"


class BrandSignIn(models.Model):
    """How a brand's members sign in: SSO only or not, and the customer token's secret."""

    brand = models.OneToOneField(Brand, on_delete=models.CASCADE, related_name="sign_in")
    sso_only = models.BooleanField(_("single sign-on only"), default=False)
    # HS256 secret of the customer token; shown once when made (docs/decisions/0011).
    customer_secret = models.CharField(max_length=100, blank=True)
    customer_secret_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("brand sign-in settings")


class UsedCustomerToken(models.Model):
    """A customer token already used: the unique constraint makes each one single-use."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=100)
    expires_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "jti"], name="customer_token_used_once")
        ]
