"""pydantic's plugin loader, stood in for while plugins are disabled.

`finsam` turns pydantic's plugins off (PYDANTIC_DISABLE_PLUGINS): a plugin would see, and could
change, every validation. pydantic's loader then returns no plugins without looking for any, but
importing the loader imports importlib.metadata, and with it email, zipfile, csv and socket,
only to name a function it never calls: about 4 % of a `finsam granska`. The stand-in answers
as the loader does (no plugins) while the variable says so; when it does not, and for any other
name, the real loader is imported and answers.
"""

from __future__ import annotations

import importlib
import os
import sys
import types

LOADER = "pydantic.plugin._loader"
DISABLED = ("__all__", "1", "true")  # the values for which pydantic's get_plugins returns ()


def _real() -> types.ModuleType:
    if isinstance(sys.modules.get(LOADER), _StandIn):
        del sys.modules[LOADER]
    return importlib.import_module(LOADER)


class _StandIn(types.ModuleType):
    def get_plugins(self):
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in DISABLED:
            return ()
        return _real().get_plugins()

    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system asks for __path__ and the like: a plain module has none
            raise AttributeError(name)
        return getattr(_real(), name)


def stand_in_for_the_loader() -> None:
    """Before pydantic first builds a validator; nothing if the loader is already imported."""
    if LOADER not in sys.modules:
        sys.modules[LOADER] = _StandIn(LOADER)
