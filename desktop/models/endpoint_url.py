"""Where the PARS password may be sent: the one rule for Settings, the CLI and the HTTP client.

The URL is parsed, never prefix-tested: ``http://127.0.0.1@evil.example/`` names the host
``evil.example`` (with a user name "127.0.0.1"), and ``http://localhost.attacker.example/``
is a host on the internet. Credentials go only over HTTPS, except in clear text to a loopback
address written out as an IP literal (``127.0.0.0/8`` or ``[::1]``): a name such as
``localhost`` is resolved by whatever the machine's resolver says, so it is not "given
explicitly".

Kept in the models layer (no network here) because the provider service checks it on save.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


class UrlRefused(ValueError):
    """``str(e)`` says what is wrong with the address, in a sentence a coordinator can act on."""


_LOOPBACK = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))


def loopback_literal(host: str) -> bool:
    try:
        return ipaddress.ip_address(host) in _LOOPBACK
    except ValueError:
        return False  # a name, not an address


def check_endpoint_url(url: str) -> str:
    """The URL without a trailing slash if the password may be sent to it; else UrlRefused."""
    text = url.strip()
    if any(c.isspace() or ord(c) < 0x20 for c in text):
        raise UrlRefused("The PARS address must not contain spaces or control characters.")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a port that is not a number or out of range
    except ValueError:
        raise UrlRefused(f"{text!r} is not a web address.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise UrlRefused("The PARS address must start with https:// and name a server.")
    if "@" in parts.netloc:
        # userinfo in the URL: the visible "host" is not the host, and requests would send it.
        raise UrlRefused("The PARS address must not contain a user name or '@'.")
    if parts.query or parts.fragment:
        raise UrlRefused("The PARS address must not contain '?' or '#'.")
    if scheme == "http" and not loopback_literal(parts.hostname):
        raise UrlRefused(
            "PARS must be reached over HTTPS: the password is never sent in clear text "
            "(only to this computer, written as 127.0.0.1 or [::1])."
        )
    del port
    return text.rstrip("/")


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) with the scheme's default port filled in: what "same origin" compares."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port
