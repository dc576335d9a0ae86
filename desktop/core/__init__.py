"""The Qt-free core: one object over one store that the window, the command line, the
self-check and the tests all build the same way (``open_core``)."""

from desktop.core.core import Core
from desktop.core.root import open_core
from desktop.core.settings import Settings

__all__ = ["Core", "Settings", "open_core"]
