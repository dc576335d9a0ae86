"""Where a sync goes: practice-or-real is decided here, once, for the window and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.models.endpoint_url import UrlRefused, check_endpoint_url
from desktop.models.records import ProviderRecord


class EndpointRefused(Exception):
    """The PARS address may not carry the password (clear text, '@' in it): a usage error."""


class NoCredentials(Exception):
    """No user name or no password for a real PARS account."""


@dataclass(frozen=True)
class Target:
    """What one run was asked for beyond Settings (the CLI's --sandbox, --url, --user)."""

    practice: bool = False
    url: str | None = None
    user: str | None = None
    # Read for this run (--password-stdin) only once the address has passed; else the keyring.
    password: Callable[[str], str] | None = None
    # Asked when neither gave one (a terminal's prompt); None: never ask.
    ask_password: Callable[[str], str] | None = None


def is_practice(provider: ProviderRecord | None, target: Target) -> bool:
    """Practice when asked for, or when no PARS address is given here or in Settings."""
    if target.practice:
        return True
    if target.url:
        return False
    return provider is None or provider.practice_mode


@dataclass(frozen=True)
class RealAccount:
    url: str
    user: str
    ca_bundle: str


def real_account(provider: ProviderRecord | None, target: Target) -> RealAccount:
    """The address and user of a real account; refuses a clear-text or '@' address before any
    password is looked up."""
    url = target.url or (provider.endpoint_url if provider else "")
    try:
        url = check_endpoint_url(url)
    except UrlRefused as e:
        raise EndpointRefused(f"--url {url}: {e}" if target.url else str(e)) from None
    user = target.user or (provider.ws_username if provider else "")
    if not user:
        raise NoCredentials("no web-services user name: give --user or set it in Settings")
    return RealAccount(url, user, provider.ca_bundle if provider else "")
