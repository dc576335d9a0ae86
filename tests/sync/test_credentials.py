"""Passwords live in the OS keyring; with none (headless Linux), in memory only.

The keyring *backend* is the one thing mocked: this machine has no OS keyring.
"""

from __future__ import annotations

from types import SimpleNamespace

import keyring.errors

from desktop.sync.credentials import SERVICE, Credentials


class FakeKeyring:
    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.saved.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.saved[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        self.saved.pop((service, user), None)


def _no_keyring(*_args: object) -> None:
    raise keyring.errors.NoKeyringError("no backend")


def test_keyring_is_used_when_present() -> None:
    backend = FakeKeyring()
    creds = Credentials(backend)  # type: ignore[arg-type]
    assert creds.set("coordinator", "s3cret") == "keyring"
    assert backend.saved == {(SERVICE, "coordinator"): "s3cret"}
    assert Credentials(backend).get("coordinator") == "s3cret"  # type: ignore[arg-type]
    creds.forget("coordinator")
    assert backend.saved == {}


def test_without_a_keyring_the_password_stays_in_memory(tmp_path: object) -> None:
    backend = SimpleNamespace(
        get_password=_no_keyring, set_password=_no_keyring, delete_password=_no_keyring
    )
    creds = Credentials(backend)  # type: ignore[arg-type]
    assert creds.get("coordinator") is None
    assert creds.set("coordinator", "s3cret") == "memory"
    assert creds.get("coordinator") == "s3cret"
    assert not creds.keyring_available
    # A new session knows nothing.
    assert Credentials(backend).get("coordinator") is None  # type: ignore[arg-type]
