"""The Qt-free core: one object over one store that the window, the command line, the
self-check and the tests all build the same way (``open_core``).

``Core`` and ``open_core`` load on first use: the window imports ``desktop.core.settings`` for
its preferences before its first paint, which must not wait for SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.core.settings import Settings

if TYPE_CHECKING:
    from desktop.core.core import Core
    from desktop.core.root import open_core

__all__ = ["Core", "Settings", "open_core"]


def __getattr__(name: str) -> Any:
    if name == "Core":
        from desktop.core.core import Core

        return Core
    if name == "open_core":
        from desktop.core.root import open_core

        return open_core
    raise AttributeError(name)
