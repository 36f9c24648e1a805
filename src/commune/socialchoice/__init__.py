"""Counting votes and apportioning seats: ballots, profiles, methods, tie-breaking, formats.

A pure library: imports no Django, reads no settings, clock or randomness unless passed in.

>>> from commune.socialchoice import RankedProfile, irv
>>> p = RankedProfile.from_ballots(["Varlin", "Vallès"], [["Varlin"], ["Vallès"], ["Varlin"]])
>>> irv(p).winners
('Varlin',)
"""

from commune.socialchoice.cardinal import ApprovalProfile, ScoreProfile
from commune.socialchoice.errors import BallotError, FormatError, MethodError, SocialChoiceError
from commune.socialchoice.methods import METHODS, get_method, run
from commune.socialchoice.methods.condorcet import (
    copeland,
    debian,
    minimax,
    pairwise_matrix,
    ranked_pairs,
    schulze,
)
from commune.socialchoice.methods.irv import irv
from commune.socialchoice.methods.plurality import plurality, two_round
from commune.socialchoice.methods.scoring import approval, borda, majority_judgment, score
from commune.socialchoice.profile import RankedProfile
from commune.socialchoice.result import Result, Round
from commune.socialchoice.rules import RULE_SETS, RuleSet, get_rules
from commune.socialchoice.ties import TieBreak, TieBreaker

__all__ = [
    "METHODS",
    "RULE_SETS",
    "ApprovalProfile",
    "BallotError",
    "FormatError",
    "MethodError",
    "RankedProfile",
    "Result",
    "Round",
    "RuleSet",
    "ScoreProfile",
    "SocialChoiceError",
    "TieBreak",
    "TieBreaker",
    "approval",
    "borda",
    "copeland",
    "debian",
    "get_method",
    "get_rules",
    "irv",
    "majority_judgment",
    "minimax",
    "pairwise_matrix",
    "plurality",
    "ranked_pairs",
    "run",
    "schulze",
    "score",
    "two_round",
]
