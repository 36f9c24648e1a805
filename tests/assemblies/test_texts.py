"""Amendments to a text: replace a passage found once, insert a paragraph; the word diff."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commune.assemblies import texts

TEXT = "Rents due for October are remitted.\n\nLeases may be renewed by the tenant."


def test_replace_a_passage_found_once():
    assert texts.apply(TEXT, "replace", "January", target="October").startswith(
        "Rents due for January"
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [("April", "is not in the text"), ("e", "occurs"), ("", "name the passage")],
)
def test_replace_refuses_a_missing_or_ambiguous_passage(target, message):
    with pytest.raises(texts.AmendmentDoesNotApply, match=message):
        texts.apply(TEXT, "replace", "x", target=target)


def test_insert_a_paragraph_at_each_place():
    assert texts.paragraphs(texts.apply(TEXT, "insert", "First.", position=0))[0] == "First."
    assert texts.paragraphs(texts.apply(TEXT, "insert", "Last.", position=2))[-1] == "Last."
    with pytest.raises(texts.AmendmentDoesNotApply, match="0 to 2"):
        texts.apply(TEXT, "insert", "x", position=3)


def test_unknown_operation():
    with pytest.raises(texts.AmendmentDoesNotApply, match="unknown operation"):
        texts.apply(TEXT, "delete", "x")


words = st.lists(st.sampled_from(["la", "Commune", "est", "de", "Paris", "\n\n", " "]), max_size=40)


@given(st.text(max_size=200), st.text(max_size=200))
def test_word_diff_rebuilds_both_texts(before, after):
    changes = texts.word_diff(before, after)
    assert "".join(c.text for c in changes if c.kind != "added") == before
    assert "".join(c.text for c in changes if c.kind != "removed") == after


@given(words, st.integers(min_value=0, max_value=50))
def test_an_inserted_paragraph_is_found_where_it_was_put(parts, where):
    text = "".join(parts) or "x"
    count = len(texts.paragraphs(text))
    position = where % (count + 1)
    amended = texts.apply(text, "insert", "Nouveau paragraphe.", position=position)
    assert texts.paragraphs(amended)[position] == "Nouveau paragraphe."
    assert len(texts.paragraphs(amended)) == count + 1
