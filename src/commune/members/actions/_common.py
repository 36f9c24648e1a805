"""What the members' actions share: turning database refusals into domain errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commune.errors import Conflict, InvalidInput


def save_new(instance: Any, conflict: str) -> None:
    """Insert a row whose uniqueness the database guards: a concurrent duplicate (which a
    check before the insert cannot see under READ COMMITTED) becomes a `Conflict`."""
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError:
        raise Conflict(conflict) from None


def validate(instance: Any, exclude: Sequence[str] = ()) -> None:
    """The model's field checks as one `InvalidInput` naming every bad field."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        problems = [
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        ]
        fields = list(error.message_dict)
        raise InvalidInput(
            "; ".join(problems), details=problems, field=fields[0] if len(fields) == 1 else None
        ) from None
