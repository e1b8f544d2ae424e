"""Deployment checks of Cocréa's own settings (``cocrea check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_client_address(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Behind a proxy with neither setting, every member shares the proxy's address."""
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
        return []
    return [
        Warning(
            "TRUSTED_PROXY_COUNT and CLIENT_IP_HEADER are both unset: behind a reverse proxy "
            "every member shares its address in the login limits.",
            hint="Behind the nginx of deploy/, set TRUSTED_PROXY_COUNT=1 (docs/operations.md).",
            id="cocrea.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_content_security_policy(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.CONTENT_SECURITY_POLICY:
        return []
    return [Warning("CONTENT_SECURITY_POLICY is empty: no policy is sent.", id="cocrea.W002")]
