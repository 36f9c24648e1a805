"""Apportionment methods: worked examples, the 1871 rule on its real figures, and properties."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commune.socialchoice import apportionment as ap

DIVISOR_METHODS = [ap.dhondt, ap.sainte_lague, ap.huntington_hill, ap.adams]
SEATED_METHODS = [ap.hamilton, *DIVISOR_METHODS]
DEMO_DATA = Path(ap.__file__).resolve().parents[1] / "demo" / "paris1871" / "arrondissements.csv"

populations = st.dictionaries(
    st.sampled_from([f"S{i}" for i in range(12)]),
    st.integers(min_value=1, max_value=200_000),
    min_size=1,
    max_size=12,
)


# Textbook cases. US 1790 census (Balinski & Young, Fair Representation, app. A) would need
# 15 states; these smaller cases are computed by hand and agree with the published tables
# of the methods' definitions.
@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (ap.hamilton, {"A": 3, "B": 3, "C": 1, "D": 1}),
        (ap.dhondt, {"A": 4, "B": 3, "C": 1, "D": 0}),
        (ap.sainte_lague, {"A": 3, "B": 3, "C": 1, "D": 1}),
        (ap.huntington_hill, {"A": 3, "B": 3, "C": 1, "D": 1}),
        (ap.adams, {"A": 3, "B": 3, "C": 1, "D": 1}),
    ],
)
def test_worked_example(method, expected):
    """Each method gives the hand-computed seats for 100/80/30/20 and 8 seats."""
    result = method({"A": 100, "B": 80, "C": 30, "D": 20}, 8)
    assert dict(result.seats) == expected
    assert result.tie is None


def test_hamilton_alabama_paradox():
    """Hamilton is not house-monotone: adding a seat can take one from C (the Alabama paradox)."""
    pops = {"A": 6, "B": 6, "C": 2}
    assert ap.hamilton(pops, 10).seats["C"] == 2
    assert ap.hamilton(pops, 11).seats["C"] == 1


def test_tie_for_last_seat_is_reported_not_broken():
    """Equal claims on the last seat give a Tie naming every claimant and no seat to any."""
    for method in SEATED_METHODS:
        result = method({"A": 500, "B": 500, "C": 500}, 4)
        assert result.tie == ap.Tie(("A", "B", "C"), 1), method.__name__
        assert sum(result.seats.values()) == 3
        assert result.total == 4


def test_zero_population_gets_no_seat():
    for method in SEATED_METHODS:
        assert method({"A": 10, "B": 0}, 3).seats["B"] == 0


@pytest.mark.parametrize(
    ("populations", "seats", "message"),
    [
        ({}, 3, "no sections"),
        ({"A": 0}, 3, "total population is zero"),
        ({"A": -1, "B": 5}, 3, "A: population must not be negative"),
        ({"A": 1.5}, 3, "must be an integer"),
        ({"A": 5}, -1, "non-negative"),
    ],
)
def test_bad_input_is_refused_with_the_reason(populations, seats, message):
    with pytest.raises(ap.ApportionmentError, match=message):
        ap.hamilton(populations, seats)


def test_paris_1871_rule():
    """One seat per 20,000 and one more for a remainder strictly over 10,000."""
    result = ap.paris_1871({"a": 70_192, "b": 87_444, "c": 30_000, "d": 30_001, "e": 9_999})
    assert dict(result.seats) == {"a": 4, "b": 4, "c": 1, "d": 2, "e": 0}


def test_paris_1871_refuses_a_seat_count():
    with pytest.raises(ap.ApportionmentError, match="leave the seats out"):
        ap.paris_1871({"a": 1}, 3)


def test_paris_1871_on_the_historical_figures():
    """Where the sources give an arrondissement's population, the rule gives its seats of record.

    The demo data has the population used by the decree of 21 March 1871 for
    some arrondissements only (see demo/paris1871/NOTES.md); each of those is
    checked, and at least the two primary figures (XIIIe, XXe) must be there.
    """
    with DEMO_DATA.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["population"].strip()]
    assert {r["number"] for r in rows} >= {"13", "20"}
    result = ap.paris_1871({r["number"]: int(r["population"]) for r in rows})
    for row in rows:
        assert result.seats[row["number"]] == int(row["seats"]), row["name"]


def test_aliases():
    pops = {"A": 100, "B": 80, "C": 30, "D": 20}
    assert ap.apportion("jefferson", pops, 8) == ap.dhondt(pops, 8)
    assert ap.apportion("webster", pops, 8) == ap.sainte_lague(pops, 8)
    with pytest.raises(ap.ApportionmentError, match="unknown apportionment method"):
        ap.apportion("borda", pops, 8)


@settings(max_examples=300, deadline=None)
@given(populations, st.integers(min_value=0, max_value=60))
def test_seats_add_up(pops, seats):
    """Given and tied seats together are exactly the house size."""
    for method in SEATED_METHODS:
        result = method(pops, seats)
        assert result.total == seats
        assert all(v >= 0 for v in result.seats.values())


@settings(max_examples=300, deadline=None)
@given(populations, st.integers(min_value=1, max_value=60))
def test_hamilton_satisfies_quota(pops, seats):
    """Every section gets its quota rounded down or up (ties aside)."""
    result = ap.hamilton(pops, seats)
    total = sum(pops.values())
    for name, p in pops.items():
        quota = Fraction(p * seats, total)
        tied = result.tie is not None and name in result.tie.names
        assert quota.__floor__() <= result.seats[name] + (1 if tied else 0)
        assert result.seats[name] <= quota.__ceil__()


@settings(max_examples=300, deadline=None)
@given(populations, st.integers(min_value=1, max_value=60))
def test_dhondt_lower_quota_and_adams_upper_quota(pops, seats):
    total = sum(pops.values())
    dh, ad = ap.dhondt(pops, seats), ap.adams(pops, seats)
    for name, p in pops.items():
        quota = Fraction(p * seats, total)
        if dh.tie is None:
            assert dh.seats[name] >= quota.__floor__()
        if ad.tie is None:
            assert ad.seats[name] <= quota.__ceil__()


@settings(max_examples=200, deadline=None)
@given(populations, st.integers(min_value=0, max_value=59))
def test_divisor_methods_are_house_monotone(pops, seats):
    """One more seat never takes a seat from anyone (no Alabama paradox)."""
    for method in DIVISOR_METHODS:
        before, after = method(pops, seats), method(pops, seats + 1)
        if before.tie is None and after.tie is None:
            assert all(after.seats[n] >= before.seats[n] for n in pops), method.__name__


@settings(max_examples=200, deadline=None)
@given(populations, st.integers(min_value=0, max_value=60), st.randoms())
def test_order_of_input_does_not_matter(pops, seats, rng):
    """Anonymity: shuffling the sections changes nothing (ties are reported, never ordered)."""
    names = list(pops)
    rng.shuffle(names)
    shuffled = {n: pops[n] for n in names}
    for method in SEATED_METHODS:
        assert dict(method(pops, seats).seats) == dict(method(shuffled, seats).seats)
        assert method(pops, seats).tie == method(shuffled, seats).tie
