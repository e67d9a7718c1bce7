"""Package faces that load a member's module on its first use (PEP 562).

A package's ``__init__`` names its public members and the module each lives in; importing the
package, or one light module of it (``umbrella.geo.errors``), then loads nothing else, so a
command pays only for the stacks it uses. The package also imports the same names under
``typing.TYPE_CHECKING``, for type checkers; ``tests/test_faces.py`` checks the two agree.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

__all__ = ["lazy_members"]


def lazy_members(
    package: str, members: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``, whose member ``name`` is defined in its
    module ``members[name]``; a member is imported once, then kept on the package."""

    def __getattr__(name: str) -> object:
        module = members.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(members)

    return __getattr__, __dir__
