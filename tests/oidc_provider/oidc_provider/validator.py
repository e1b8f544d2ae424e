from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """The ID token carries the e-mail and name; a user whose last name is "unverified" has
    an address the provider never checked (``email_verified`` false)."""

    oidc_claim_scope = None  # every claim in the ID token, whatever the scope

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.last_name != "unverified",
            "name": user.first_name,
        }
