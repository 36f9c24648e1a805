"""Fixtures of the ledger's tests: the RFC 6962 vectors, small logs and keys. No database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

_HERE = Path(__file__).resolve()


def _shared_data() -> Path:
    """``<repo>/../shared/data/ledger`` when the repository sits beside shared/, else
    ``/work/shared/data/ledger``."""
    repo = _HERE.parents[2]
    for candidate in (repo.parent / "shared" / "data" / "ledger", Path("/work/shared/data/ledger")):
        if (candidate / "rfc6962-vectors.json").is_file():
            return candidate
    pytest.skip("the shared RFC 6962 vectors are not on this machine")


@pytest.fixture(scope="session")
def rfc6962_vectors() -> dict[str, Any]:
    with (_shared_data() / "rfc6962-vectors.json").open(encoding="utf-8") as handle:
        vectors: dict[str, Any] = json.load(handle)
    return vectors


@pytest.fixture(scope="session")
def rfc6962_leaves(rfc6962_vectors: dict[str, Any]) -> list[bytes]:
    return [bytes.fromhex(leaf) for leaf in rfc6962_vectors["leaves"]]
