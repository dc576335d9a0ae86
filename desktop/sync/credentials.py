"""The web-services password: in the OS keyring, or (with no keyring) in memory only."""

from __future__ import annotations

import contextlib
import logging
from types import ModuleType

import keyring
import keyring.errors

SERVICE = "PARS Desktop web services"
log = logging.getLogger(__name__)


class Credentials:
    """Reads and keeps passwords; never writes them to disk itself."""

    def __init__(self, backend: ModuleType = keyring) -> None:
        self._backend = backend
        self._memory: dict[str, str] = {}
        self.keyring_available = True

    def get(self, username: str) -> str | None:
        if username in self._memory:
            return self._memory[username]
        try:
            value: str | None = self._backend.get_password(SERVICE, username)
            return value
        except keyring.errors.KeyringError:
            # Headless Linux has no keyring (NoKeyringError); the app asks and keeps it in memory.
            self.keyring_available = False
            return None

    def set(self, username: str, password: str) -> str:
        """Keep the password; return where: ``"keyring"`` or ``"memory"``."""
        try:
            self._backend.set_password(SERVICE, username, password)
            self._memory.pop(username, None)
            return "keyring"
        except keyring.errors.KeyringError:
            self.keyring_available = False
            log.info("no OS keyring available; the password is kept in memory for this session")
            self._memory[username] = password
            return "memory"

    def forget(self, username: str) -> None:
        self._memory.pop(username, None)
        with contextlib.suppress(keyring.errors.KeyringError):
            self._backend.delete_password(SERVICE, username)
