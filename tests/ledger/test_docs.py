"""The public contract's by-hand verification works as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import build_log

DOC = Path(__file__).resolve().parents[2] / "docs" / "journal-format.md"


def test_the_by_hand_check_of_journal_format_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python snippet of docs/journal-format.md verifies a real export, root and signature."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("```python") + len("```python")
    snippet = text[start : text.index("```", start)]
    (tmp_path / "journal.jsonl").write_bytes(build_log(13).export())
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(snippet, str(DOC), "exec"), namespace)
    assert namespace["size"] == "13"
