"""Domain errors of the counting engine, each with a stable snake_case ``code``."""

from __future__ import annotations


class SocialChoiceError(Exception):
    """Base of every error raised by :mod:`commune.socialchoice`."""

    code = "socialchoice_error"


class BallotError(SocialChoiceError):
    """A ballot breaks the rule set in force (``problem`` says how, ``ballot`` says which).

    ``ballot`` is the 0-based position of the ballot in its input; ``line`` is the line of the
    file it came from, when there is one.
    """

    code = "invalid_ballot"

    def __init__(
        self,
        problem: str,
        message: str,
        *,
        ballot: int | None = None,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        self.problem = problem
        self.message = message
        self.ballot = ballot
        self.line = line
        self.source = source
        where = [w for w in (source, f"line {line}" if line is not None else None) if w]
        if line is None and ballot is not None:
            where.append(f"ballot {ballot}")
        super().__init__(": ".join([*where, message]))


class FormatError(SocialChoiceError):
    """An input file cannot be read as the format it claims (or was detected) to be."""

    code = "malformed_input"

    def __init__(self, message: str, *, line: int | None = None, source: str | None = None) -> None:
        self.line = line
        self.source = source
        prefix = source or ""
        if line is not None:
            prefix = f"{prefix}:{line}" if prefix else f"line {line}"
        super().__init__(f"{prefix}: {message}" if prefix else message)


class MethodError(SocialChoiceError):
    """A method cannot be applied to this profile (wrong ballot kind, too few candidates …)."""

    code = "method_not_applicable"


class LimitError(SocialChoiceError):
    """An input passes one of the caps of :mod:`commune.socialchoice.limits`.

    ``limit`` is the name of the constant passed (``"MAX_LINE_CHARS"`` …); the message says
    what was met and gives the limit, e.g. ``line is longer than 1,048,576 characters (the
    limit for a line)``.
    """

    code = "limit_exceeded"

    def __init__(
        self, message: str, *, limit: str, line: int | None = None, source: str | None = None
    ) -> None:
        self.limit = limit
        self.line = line
        self.source = source
        prefix = source or ""
        if line is not None:
            prefix = f"{prefix}:{line}" if prefix else f"line {line}"
        super().__init__(f"{prefix}: {message}" if prefix else message)
