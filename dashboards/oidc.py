"""Production login through an OIDC provider (for example Microsoft Entra ID) with Panel's OAuth
support, instead of the built-in password form.

Configured by environment variables (never by files in the repository)::

    VROEGSIGNAAL_OIDC_PROVIDER       Panel provider name: azurev2 (Entra ID), generic, okta, ...
    VROEGSIGNAAL_OIDC_CLIENT_ID      the app registration's client id
    VROEGSIGNAAL_OIDC_CLIENT_SECRET  its client secret
    VROEGSIGNAAL_OIDC_REDIRECT_URI   https://vroegsignaal.gemeente.nl/login (registered there)
    VROEGSIGNAAL_OIDC_TENANT         Entra ID tenant id (azure providers only)
    VROEGSIGNAAL_OIDC_USER_CLAIM     token claim that names the user (default preferred_username)
    VROEGSIGNAAL_OIDC_ENCRYPTION_KEY Fernet key that encrypts the tokens in cookies (recommended)

The provider proves who someone is; the role still comes from casework: the claim is mapped to a
casework account name by :func:`account_name`, and that account must exist and be active
(``vroegsignaal users add NAME --role ROLE``). Someone the provider knows but casework does not
gets no page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

__all__ = ["OidcSettings", "account_name"]


def account_name(identity: str) -> str:
    """The casework account name for a login identity: lower case, and for an e-mail style name
    (``j.jansen@gemeente.nl``) the part before the ``@``: one municipality uses one domain."""
    name = identity.strip().lower()
    return name.split("@", 1)[0] if "@" in name else name


@dataclass(frozen=True)
class OidcSettings:
    provider: str
    client_id: str
    client_secret: str
    redirect_uri: str | None = None
    tenant: str | None = None
    user_claim: str = "preferred_username"
    encryption_key: str | None = None

    @classmethod
    def from_env(cls) -> OidcSettings | None:
        """Settings from the environment, or ``None`` when no provider is configured."""
        provider = os.environ.get("VROEGSIGNAAL_OIDC_PROVIDER", "").strip()
        if not provider:
            return None
        missing = [
            name
            for name in ("VROEGSIGNAAL_OIDC_CLIENT_ID", "VROEGSIGNAAL_OIDC_CLIENT_SECRET")
            if not os.environ.get(name)
        ]
        if missing:
            raise SystemExit(
                "OIDC is aangezet maar niet compleet: zet ook " + ", ".join(missing) + "."
            )
        key = os.environ.get("VROEGSIGNAAL_OIDC_ENCRYPTION_KEY") or None
        if key is not None:
            from cryptography.fernet import Fernet

            try:
                Fernet(key)
            except ValueError:
                raise SystemExit(
                    "VROEGSIGNAAL_OIDC_ENCRYPTION_KEY is geen geldige Fernet-sleutel. Maak er een "
                    'met: python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"'
                ) from None
        return cls(
            provider=provider,
            client_id=os.environ["VROEGSIGNAAL_OIDC_CLIENT_ID"],
            client_secret=os.environ["VROEGSIGNAAL_OIDC_CLIENT_SECRET"],
            redirect_uri=os.environ.get("VROEGSIGNAAL_OIDC_REDIRECT_URI") or None,
            tenant=os.environ.get("VROEGSIGNAAL_OIDC_TENANT") or None,
            user_claim=os.environ.get("VROEGSIGNAAL_OIDC_USER_CLAIM") or "preferred_username",
            encryption_key=key,
        )

    def apply_encryption(self) -> None:
        """Make Panel encrypt the access, refresh and ID tokens it keeps in cookies.

        ``panel.serve`` (Panel 1.9) accepts ``oauth_encryption_key`` but does not apply it; only
        ``panel serve`` on the command line does. So it is set here, as that command does.
        Without a key, Panel keeps the tokens unencrypted (signed only)."""
        if not self.encryption_key:
            return
        import panel as pn
        from cryptography.fernet import Fernet

        pn.config.oauth_encryption_key = self.encryption_key.encode("ascii")  # type: ignore[misc]
        pn.state.encryption = Fernet(self.encryption_key)

    def serve_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``panel.serve`` that switch on its OAuth login."""
        extra: dict[str, str] = {}
        if self.tenant:
            extra["tenant"] = self.tenant
        kwargs: dict[str, Any] = {
            "oauth_provider": self.provider,
            "oauth_key": self.client_id,
            "oauth_secret": self.client_secret,
            "oauth_extra_params": extra,
            "oauth_jwt_user": self.user_claim,
        }
        if self.redirect_uri:
            kwargs["oauth_redirect_uri"] = self.redirect_uri
        if self.encryption_key:
            kwargs["oauth_encryption_key"] = self.encryption_key
        return kwargs
