"""The layers' exceptions are all exported."""

from __future__ import annotations

import inspect

from umbrella.geo.errors import InputError
from umbrella.layers import errors


def test_every_exception_of_the_module_is_exported() -> None:
    defined = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value)
        and issubclass(value, InputError)
        and value.__module__ == errors.__name__
    }
    assert defined <= set(errors.__all__)
