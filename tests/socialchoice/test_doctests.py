"""Every worked example in the socialchoice docstrings runs as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import commune.socialchoice as package

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + ".")
)


@pytest.mark.parametrize("name", [package.__name__, *MODULES])
def test_docstring_examples(name: str) -> None:
    """The module's doctests pass."""
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
