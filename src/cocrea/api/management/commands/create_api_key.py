"""Make a brand API key from the command line (for operators and scripts); prints the secret
once, as the console page shows it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocrea.api.models import ApiKey, Scope
from cocrea.api.services import key_create
from cocrea.brands.models import Membership
from cocrea.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a brand API key acting as one of the brand's admins; print its secret once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--brand", required=True, help="the brand's slug")
        parser.add_argument("--admin", required=True, help="e-mail of a brand admin")
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        parser.add_argument("--name", default="Command line")

    def handle(self, *args: Any, **options: Any) -> None:
        membership = (
            Membership.objects.select_related("user", "brand")
            .filter(brand__slug=options["brand"], user__email__iexact=options["admin"])
            .first()
        )
        if membership is None:
            raise CommandError("No member with this e-mail in this brand.")
        try:
            _key, secret = key_create(
                membership=membership,
                kind=ApiKey.Kind.BRAND,
                name=options["name"],
                scope=options["scope"],
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(secret)
