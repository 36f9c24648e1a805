"""Shared set-up of the journal's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _private_trust_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`journal verify` remembers checkpoints in ~/.config: never in the user's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
        yield
