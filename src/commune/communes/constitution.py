"""A commune's constitution: its rules as validated data, not as `if` statements.

Quorums, thresholds, the apportionment of seats, the election method, recall
and the wage cap are read from here by the actions. The defaults reproduce the
Paris Commune of 1871 where its texts fix a rule, and say so where they do not.
A constitution is changed only through `do_amend_constitution`, which keeps the
previous version and writes the change to the Journal officiel.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, Final, Literal

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from commune.errors import InvalidInput
from commune.socialchoice.apportionment import METHODS, method_name
from commune.socialchoice.methods import get_method
from commune.socialchoice.rules import RULE_SETS

SCHEMA_VERSION: Final = 1

ShareText = Annotated[str, Field(pattern=r"^\d+/\d+$", examples=["1/8"])]


def parse_share(text: str) -> Fraction:
    """A share written as `p/q` (kept as text in JSON so it is exact and readable)."""
    numerator, denominator = (int(part) for part in text.split("/"))
    if denominator == 0:
        raise ValueError(f"{text}: the denominator is zero")
    share = Fraction(numerator, denominator)
    if not 0 <= share <= 1:
        raise ValueError(f"{text}: a share must lie between 0 and 1")
    return share


def _check_share(value: str) -> str:
    parse_share(value)
    return value


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApportionmentRules(_Rules):
    """How council seats are shared among sections."""

    method: str = Field(
        "paris-1871",
        description="hamilton, dhondt, sainte-lague, huntington-hill, adams, paris-1871, or "
        "fixed (each section's seats written in the constitution, as many statutes do)",
    )
    basis: Literal["population", "registered", "members"] = Field(
        "population",
        description="population: the declared population of each section; registered: its "
        "declared registered voters; members: the members on its roll today",
    )
    total_seats: int | None = Field(
        None, ge=1, le=10_000, description="size of the council; not used by paris-1871"
    )
    inhabitants_per_seat: int = Field(20_000, ge=1, description="paris-1871 only")
    remainder_over: int = Field(10_000, ge=0, description="paris-1871 only")
    fixed_seats: dict[str, Annotated[int, Field(ge=0)]] | None = Field(
        None, description='fixed only: seats per section number, e.g. {"1": 4}'
    )

    @field_validator("method")
    @classmethod
    def _known_method(cls, value: str) -> str:
        name = method_name(value)  # "Hamilton", "D'Hondt": as the command line reads them
        if name not in METHODS and name != "fixed":
            raise ValueError(f"unknown apportionment method {value!r}")
        return name

    @model_validator(mode="after")
    def _seats_when_needed(self) -> ApportionmentRules:
        if (self.method == "fixed") != (self.fixed_seats is not None):
            raise ValueError("fixed_seats is given exactly when the method is fixed")
        if self.method == "fixed":
            if self.total_seats is not None:
                raise ValueError("fixed: the council's size is the sum of fixed_seats")
            if not all(key.isdigit() for key in self.fixed_seats or {}):
                raise ValueError("fixed_seats keys are section numbers")
        elif self.method == "paris-1871":
            if self.total_seats is not None:
                raise ValueError("paris-1871 fixes the council's size: leave total_seats empty")
            if self.remainder_over >= self.inhabitants_per_seat:
                raise ValueError("remainder_over must be less than inhabitants_per_seat")
        elif self.total_seats is None:
            raise ValueError(f"{self.method} needs total_seats")
        return self


class ElectionRules(_Rules):
    """How a section elects its delegates."""

    method: str = Field(
        "block",
        description="the tally method (block vote in 1871: each voter names as many "
        "candidates as there are seats)",
    )
    ballot_rules: str = Field("strict", description="what an irregular ballot becomes")
    validity_threshold: ShareText = Field(
        "1/8",
        description="a candidate is elected only with votes from at least this share of the "
        "section's registered voters (1871: one eighth)",
    )
    term_months: int | None = Field(
        None, ge=1, description="length of a mandate; none: until recalled or renewed"
    )

    _share = field_validator("validity_threshold")(_check_share)

    @field_validator("method")
    @classmethod
    def _known_method(cls, value: str) -> str:
        try:
            return get_method(value).name  # any capitals, as `commune tally` reads them
        except ValueError:
            raise ValueError(f"unknown election method {value!r}") from None

    @field_validator("ballot_rules")
    @classmethod
    def _known_rules(cls, value: str) -> str:
        if value not in RULE_SETS:
            raise ValueError(f"unknown ballot rules {value!r} (known: {', '.join(RULE_SETS)})")
        return value


class RecallRules(_Rules):
    """How a section recalls its delegate (the delegate is revocable at any time)."""

    petition_threshold: ShareText = Field(
        "1/5",
        description="share of the section's registered members whose signatures open a "
        "recall vote (not fixed by the 1871 texts: an editorial default)",
    )
    petition_days: int = Field(30, ge=1, description="days a petition stays open")
    vote_days: int = Field(7, ge=1, description="days a recall vote stays open")
    vote_majority: ShareText = Field(
        "1/2", description="the recall carries with more than this share of the votes cast"
    )
    vote_quorum: ShareText = Field(
        "1/8", description="and only if at least this share of the registered took part"
    )
    public_signatures: bool = Field(
        True, description="the signers of a recall petition are named in public (else counted)"
    )
    departures_for_petition: int | None = Field(
        None,
        ge=1,
        description="a delegate who departs from this many instructions within a term faces a "
        "recall petition opened by the rule itself; none: never",
    )
    by_election_after_days: int = Field(
        7, ge=0, description="days between a recall and the by-election's opening (candidacies)"
    )

    replacement_on_same_ballot: bool = Field(
        False,
        description="the replacement is chosen on the same ballot as the recall (question 1: "
        "recall the delegate? question 2: if recalled, who replaces them?): at the threshold "
        "both votes are called together, open together after candidacy_days and close "
        "together; false: a by-election is called after a recall carries",
    )
    candidacy_days: int = Field(
        7,
        ge=1,
        le=365,
        description="with replacement_on_same_ballot: days between the threshold and the "
        "opening of both votes, in which members of the section stand for the seat",
    )

    _shares = field_validator("petition_threshold", "vote_majority", "vote_quorum")(_check_share)


class AssemblyRules(_Rules):
    """How a deliberating body (the council, a commission, a section's assembly) decides."""

    quorum: ShareText = Field(
        "1/2",
        description="a division is taken only when at least this share of the body's members "
        "is present (not fixed by the 1871 texts we hold: an editorial default)",
    )
    default_majority: Literal["simple", "absolute", "two_thirds"] = Field(
        "simple",
        description="the majority a motion needs unless it says otherwise: simple (more for "
        "than against), absolute (more than half the body's members for), two_thirds (at "
        "least two thirds of those voting for or against)",
    )

    _share = field_validator("quorum")(_check_share)


class WageRules(_Rules):
    """The wage cap: no official earns more than a skilled worker."""

    cap: int = Field(
        600_000,
        ge=0,
        description="maximum yearly pay of an official, in the currency's smallest unit "
        "(1871: 6,000 francs a year, decree of 2 April 1871)",
    )
    currency: str = Field("FRF", pattern=r"^[A-Z]{3}$", description="ISO 4217 code")


class Constitution(_Rules):
    """Every rule of a commune. Unknown keys are refused so a misspelt rule is never ignored."""

    schema_version: Literal[1] = SCHEMA_VERSION
    apportionment: ApportionmentRules = ApportionmentRules()
    elections: ElectionRules = ElectionRules()
    recall: RecallRules = RecallRules()
    assemblies: AssemblyRules = AssemblyRules()
    wages: WageRules = WageRules()


def validate_constitution(data: Any) -> Constitution:
    """Parse stored or submitted rules, turning every problem into one `InvalidInput`."""
    try:
        return Constitution.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in item['loc']) or 'constitution'}: {item['msg']}"
            for item in error.errors()
        ]
        raise InvalidInput(
            "invalid constitution: " + "; ".join(problems), details=problems
        ) from None


APPORTIONMENT_RULES = {
    "hamilton": _("largest remainder (Hamilton), by {basis}"),
    "dhondt": _("highest averages, D'Hondt (Jefferson), by {basis}"),
    "sainte-lague": _("highest averages, Sainte-Laguë (Webster), by {basis}"),
    "huntington-hill": _("equal proportions (Huntington–Hill), by {basis}"),
    "adams": _("smallest divisors (Adams), by {basis}"),
    "paris-1871": _(
        "one seat per {per} inhabitants, plus one for a remainder over {over} (Paris, 1871)"
    ),
    "fixed": _("seats written in the constitution for each section"),
}
#: Short names of the apportionment methods, for one-line summaries.
APPORTIONMENT_NAMES = {
    "hamilton": _("Hamilton"),
    "dhondt": _("D'Hondt"),
    "sainte-lague": _("Sainte-Laguë"),
    "huntington-hill": _("Huntington–Hill"),
    "adams": _("Adams"),
    "paris-1871": _("the rule of 1871"),
    "fixed": _("as written in the constitution"),
}
BASES = {
    "population": _("population"),
    "registered": _("registered voters"),
    "members": _("members on the roll"),
}


def describe_apportionment(rules: ApportionmentRules) -> str:
    """The rule in words, for the public pages."""
    return str(APPORTIONMENT_RULES[rules.method]).format(
        basis=BASES[rules.basis], per=rules.inhabitants_per_seat, over=rules.remainder_over
    )


def default_constitution() -> Constitution:
    """The rules of the Paris Commune of 1871, where its texts fix them."""
    return Constitution()
