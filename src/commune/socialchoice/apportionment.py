"""Apportionment: how many seats each section (or party list) gets from its population or votes.

Every method here works in exact integer/rational arithmetic, so two clerks on
two machines always get the same seats, and a tie for the last seat is
*reported* (as :class:`Tie`) rather than broken by the order of the input.

Methods:

* :func:`hamilton` — largest remainder (Hamilton, Vinton);
* :func:`dhondt` — highest averages with divisors 1, 2, 3… (D'Hondt, Jefferson);
* :func:`sainte_lague` — divisors 1, 3, 5… (Sainte-Laguë, Webster);
* :func:`huntington_hill` — divisors √(d(d+1)) (the US House since 1941);
* :func:`adams` — divisors 0, 1, 2… (Adams; every section with people gets a seat first);
* :func:`paris_1871` — one seat per 20,000 inhabitants, one more for a remainder over 10,000
  (decree of the Central Committee of the National Guard, 21 March 1871).
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

from commune.socialchoice.errors import SocialChoiceError
from commune.socialchoice.limits import MAX_SEATS

__all__ = [
    "METHODS",
    "Apportionment",
    "ApportionmentError",
    "Tie",
    "adams",
    "apportion",
    "dhondt",
    "dhondt_priority",
    "fixed",
    "hamilton",
    "highest_averages",
    "huntington_hill",
    "method_name",
    "paris_1871",
    "sainte_lague",
    "sainte_lague_priority",
]


class ApportionmentError(SocialChoiceError, ValueError):
    """The populations or the number of seats cannot be apportioned (the message says why).

    Also a `ValueError`, as it was before it joined the engine's errors."""

    code = "apportionment_error"


@dataclass(frozen=True, slots=True)
class Tie:
    """`seats` seats that the method cannot give: every name in `names` has an equal claim."""

    names: tuple[str, ...]
    seats: int

    def __str__(self) -> str:
        who = ", ".join(self.names)
        return f"tie for {self.seats} seat(s) between {who}"


@dataclass(frozen=True, slots=True)
class Apportionment:
    """The seats each name is certain to get, and the tie for the last seat(s) if there is one.

    When `tie` is set, `seats` holds only the seats the method determines; the
    tied seats are decided by whatever the constitution says (a lot, a vote), not here.
    """

    method: str
    seats: Mapping[str, int]
    tie: Tie | None = None
    quotas: Mapping[str, Fraction] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Seats given, plus the tied seats still to be given."""
        return sum(self.seats.values()) + (self.tie.seats if self.tie else 0)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view: `{"method", "seats", "tie"}` (tie is null when there is none)."""
        return {
            "method": self.method,
            "seats": dict(self.seats),
            "tie": ({"names": list(self.tie.names), "seats": self.tie.seats} if self.tie else None),
        }


def _check(populations: Mapping[str, int], seats: int | None) -> None:
    if not populations:
        raise ApportionmentError("no sections to apportion seats to")
    for name, population in populations.items():
        if isinstance(population, bool) or not isinstance(population, int):
            raise ApportionmentError(f"{name}: population must be an integer, got {population!r}")
        if population < 0:
            raise ApportionmentError(f"{name}: population must not be negative ({population})")
    if sum(populations.values()) == 0:
        raise ApportionmentError("the total population is zero")
    if seats is not None and (isinstance(seats, bool) or not isinstance(seats, int) or seats < 0):
        raise ApportionmentError(f"the number of seats must be a non-negative integer, got {seats}")
    if seats is not None and seats > MAX_SEATS:
        # divisor methods give seats one at a time: a billion would run for hours
        raise ApportionmentError(
            f"{seats:,} seats: more than {MAX_SEATS:,} (the limit for the number of seats)"
        )


def _quotas(populations: Mapping[str, int], seats: int) -> dict[str, Fraction]:
    total = sum(populations.values())
    return {name: Fraction(p * seats, total) for name, p in populations.items()}


def hamilton(populations: Mapping[str, int], seats: int) -> Apportionment:
    """Largest remainder: each name gets the whole part of its quota, then the seats left go
    to the largest fractional remainders.

    The quota of a section is ``population × seats / total population``.
    Hamilton always satisfies quota (every section gets its quota rounded down or
    up) but not house monotonicity (the Alabama paradox). Ties: sections whose
    remainders are equal at the cut share the seats left in a :class:`Tie`.

    Reference: M. Balinski & H. P. Young, *Fair Representation* (2nd ed., 2001), ch. 2.

    >>> hamilton({"A": 7, "B": 2, "C": 1}, 4).seats
    {'A': 3, 'B': 1, 'C': 0}
    >>> hamilton({"A": 1, "B": 1}, 1).tie
    Tie(names=('A', 'B'), seats=1)
    """
    _check(populations, seats)
    total = sum(populations.values())
    floors = {name: p * seats // total for name, p in populations.items()}
    remainders = {name: p * seats % total for name, p in populations.items()}
    left = seats - sum(floors.values())
    result = dict(floors)
    tie = None
    if left:
        cut = sorted(remainders.values(), reverse=True)[left - 1]
        above = [n for n in populations if remainders[n] > cut]
        level = [n for n in populations if remainders[n] == cut]
        for name in above:
            result[name] += 1
        if len(level) > left - len(above):
            tie = Tie(tuple(sorted(level)), left - len(above))
        else:
            for name in level:
                result[name] += 1
    return Apportionment("hamilton", result, tie, _quotas(populations, seats))


# A divisor method's priority for a name with population p that already holds d seats.
# Priorities are compared exactly; `None` stands for an infinite priority (a first seat
# that Adams and Huntington–Hill give before any other).
Priority = Callable[[int, int], Fraction | None]


def dhondt_priority(p: int, d: int) -> Fraction:
    """D'Hondt's average for `p` votes (or inhabitants) already holding `d` seats."""
    return Fraction(p, d + 1)


def sainte_lague_priority(p: int, d: int) -> Fraction:
    """Sainte-Laguë's average for `p` votes (or inhabitants) already holding `d` seats."""
    return Fraction(p, 2 * d + 1)


def _huntington_hill_priority(p: int, d: int) -> Fraction | None:
    # p / √(d(d+1)) compared through its square, which orders the same for p ≥ 0.
    return None if d == 0 else Fraction(p * p, d * (d + 1))


def _adams_priority(p: int, d: int) -> Fraction | None:
    return None if d == 0 else Fraction(p, d)


def _key(priority: Fraction | None) -> tuple[int, Fraction]:
    """Heap key (smallest first): infinite priorities before every finite one."""
    return (0, Fraction(0)) if priority is None else (1, -priority)


def highest_averages(
    populations: Mapping[str, int], seats: int, priority: Priority, method: str
) -> Apportionment:
    """Give seats one at a time to the name with the highest priority (a divisor method).

    Shared by the apportionment of seats to sections and the party-list tallies.
    Names with no population get no seat. When the last seats fall on equal
    priorities that more names claim than there are seats left, those seats form a :class:`Tie`.
    """
    _check(populations, seats)
    result = {name: 0 for name in populations}
    order = {name: i for i, name in enumerate(populations)}
    heap = [(_key(priority(p, 0)), order[name], name) for name, p in populations.items() if p > 0]
    heapq.heapify(heap)
    given: list[tuple[tuple[int, Fraction], str]] = []
    for _ in range(seats):
        key, _i, name = heapq.heappop(heap)
        given.append((key, name))
        result[name] += 1
        heapq.heappush(heap, (_key(priority(populations[name], result[name])), order[name], name))
    tie = None
    if given:
        last = given[-1][0]
        at_last = [name for key, name in given if key == last]
        waiting = []
        while heap and heap[0][0] == last:
            waiting.append(heapq.heappop(heap)[2])
        if waiting:
            # More claims at the last priority than seats left for them: report, do not choose.
            for name in at_last:
                result[name] -= 1
            tie = Tie(tuple(sorted(at_last + waiting)), len(at_last))
    return Apportionment(method, result, tie, _quotas(populations, seats))


def dhondt(populations: Mapping[str, int], seats: int) -> Apportionment:
    """D'Hondt (Jefferson): highest averages with divisors 1, 2, 3…

    Favours large sections slightly; never gives a section less than its quota
    rounded down (lower quota); house-monotone. Ties at the last seat: a :class:`Tie`.
    Reference: V. D'Hondt, *Système pratique et raisonné de représentation proportionnelle* (1882).

    >>> dhondt({"A": 100, "B": 80, "C": 30, "D": 20}, 8).seats
    {'A': 4, 'B': 3, 'C': 1, 'D': 0}
    """
    return highest_averages(populations, seats, dhondt_priority, "dhondt")


def sainte_lague(populations: Mapping[str, int], seats: int) -> Apportionment:
    """Sainte-Laguë (Webster): highest averages with divisors 1, 3, 5…

    The unbiased divisor method: neither large nor small sections are favoured
    on average; house-monotone; may violate quota. Ties: a :class:`Tie`.
    Reference: A. Sainte-Laguë, *La représentation proportionnelle et la méthode des moindres
    carrés*, Annales de l'ENS (1910).

    >>> sainte_lague({"A": 100, "B": 80, "C": 30, "D": 20}, 8).seats
    {'A': 3, 'B': 3, 'C': 1, 'D': 1}
    """
    return highest_averages(populations, seats, sainte_lague_priority, "sainte-lague")


def huntington_hill(populations: Mapping[str, int], seats: int) -> Apportionment:
    """Huntington–Hill (equal proportions): divisors √(d(d+1)), so every populated section
    first gets one seat.

    Used for the US House of Representatives; house-monotone; may violate quota.
    If there are fewer seats than populated sections, the first seats tie.
    Reference: E. V. Huntington, *The apportionment of representatives in Congress*,
    Trans. AMS 30 (1928).

    >>> huntington_hill({"A": 100, "B": 80, "C": 30, "D": 20}, 8).seats
    {'A': 3, 'B': 3, 'C': 1, 'D': 1}
    """
    return highest_averages(populations, seats, _huntington_hill_priority, "huntington-hill")


def adams(populations: Mapping[str, int], seats: int) -> Apportionment:
    """Adams: divisors 0, 1, 2…, so every populated section first gets one seat.

    Favours small sections; never gives a section more than its quota rounded up
    (upper quota); house-monotone.
    Reference: Balinski & Young, *Fair Representation*, ch. 3.

    >>> adams({"A": 100, "B": 80, "C": 30, "D": 20}, 8).seats
    {'A': 3, 'B': 3, 'C': 1, 'D': 1}
    """
    return highest_averages(populations, seats, _adams_priority, "adams")


PARIS_1871_INHABITANTS_PER_SEAT: Final = 20_000
PARIS_1871_REMAINDER_OVER: Final = 10_000


def paris_1871(
    populations: Mapping[str, int],
    seats: int | None = None,
    *,
    inhabitants_per_seat: int = PARIS_1871_INHABITANTS_PER_SEAT,
    remainder_over: int = PARIS_1871_REMAINDER_OVER,
) -> Apportionment:
    """The Paris rule of 1871: one councillor per 20,000 inhabitants, plus one for a
    remainder over 10,000.

    The size of the council follows from the populations, so `seats` must be left
    out (it is accepted only so that every method shares a signature). A remainder
    of exactly 10,000 does not earn a seat: the decree says "over". No ties are possible.
    Reference: decree of the Central Committee of the National Guard, Journal officiel,
    21 March 1871 ("un conseiller par 20,000 habitants et par fraction excédant 10,000").

    >>> paris_1871({"XIIIe": 70_192, "XXe": 87_444}).seats
    {'XIIIe': 4, 'XXe': 4}
    """
    if seats is not None:
        raise ApportionmentError(
            "the 1871 rule fixes the number of seats from the populations: leave the seats out"
        )
    _check(populations, None)
    if inhabitants_per_seat <= 0 or not 0 <= remainder_over < inhabitants_per_seat:
        raise ApportionmentError(
            "the 1871 rule needs 0 ≤ remainder threshold < inhabitants per seat"
        )
    result = {}
    for name, p in populations.items():
        whole, remainder = divmod(p, inhabitants_per_seat)
        result[name] = whole + (1 if remainder > remainder_over else 0)
    quotas = {name: Fraction(p, inhabitants_per_seat) for name, p in populations.items()}
    return Apportionment("paris-1871", result, None, quotas)


def fixed(table: Mapping[str, int], names: Sequence[str]) -> Apportionment:
    """Seats written down for each name, as statutes giving each local a fixed delegation do.

    Nothing to compute; what is checked is that the table names exactly `names`.

    >>> fixed({"1": 4, "2": 3}, ["1", "2"]).seats
    {'1': 4, '2': 3}
    """
    missing = [n for n in names if n not in table]
    unknown = sorted(set(table) - set(names))
    if missing or unknown:
        parts = []
        if missing:
            parts.append("no seats written for " + ", ".join(missing))
        if unknown:
            parts.append("seats written for unknown name(s) " + ", ".join(unknown))
        raise ApportionmentError("fixed seats: " + "; ".join(parts))
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in table.values()):
        raise ApportionmentError("fixed seats must be non-negative integers")
    return Apportionment("fixed", {n: table[n] for n in names})


METHODS: Final[Mapping[str, Callable[..., Apportionment]]] = {
    "hamilton": hamilton,
    "dhondt": dhondt,
    "sainte-lague": sainte_lague,
    "huntington-hill": huntington_hill,
    "adams": adams,
    "paris-1871": paris_1871,
}
ALIASES: Final[Mapping[str, str]] = {
    "jefferson": "dhondt",
    "webster": "sainte-lague",
    "largest-remainder": "hamilton",
    "equal-proportions": "huntington-hill",
}


def method_name(method: str) -> str:
    """The method (or alias) ``method`` names, whatever its capitals, accents, underscores,
    spaces or apostrophes: ``Hamilton``, ``Sainte_Laguë`` and ``D'Hondt`` are the methods meant.

    >>> method_name("Sainte_Laguë"), method_name("D'Hondt"), method_name("Jefferson")
    ('sainte-lague', 'dhondt', 'dhondt')
    """
    plain = unicodedata.normalize("NFKD", method).encode("ascii", "ignore").decode()
    key = "-".join(plain.lower().replace("_", " ").replace("'", "").split())
    return ALIASES.get(key, key)


def apportion(method: str, populations: Mapping[str, int], seats: int | None) -> Apportionment:
    """Apportion by method name (as on the command line and in a constitution; any capitals)."""
    name = method_name(method)
    if name not in METHODS:
        known = ", ".join([*METHODS, *ALIASES])
        raise ApportionmentError(f"unknown apportionment method {method!r} (known: {known})")
    if name == "paris-1871":
        return paris_1871(populations, seats)
    if seats is None:
        raise ApportionmentError(f"{name} needs a number of seats")
    return METHODS[name](populations, seats)
