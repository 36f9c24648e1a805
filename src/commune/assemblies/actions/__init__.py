"""Every change to the assemblies' public record, each journaled in its own transaction."""

from commune.assemblies.actions.bodies import (
    do_create_body,
    do_ensure_council,
    do_take_seat,
    do_vacate_seat,
)
from commune.assemblies.actions.decrees import do_enter_decree_of_record, do_promulgate_decree
from commune.assemblies.actions.divisions import (
    do_cast_division_vote,
    do_cast_secret_vote,
    do_close_division,
    do_open_division,
)
from commune.assemblies.actions.motions import (
    do_cosign_motion,
    do_refer_motion,
    do_report_on_motion,
    do_table_amendment,
    do_table_motion,
    do_withdraw_motion,
)
from commune.assemblies.actions.sittings import (
    do_close_sitting,
    do_convene_sitting,
    do_declare_present,
    do_open_sitting,
    do_place_on_agenda,
    do_record_attendance,
)

__all__ = [
    "do_cast_division_vote",
    "do_cast_secret_vote",
    "do_close_division",
    "do_close_sitting",
    "do_convene_sitting",
    "do_cosign_motion",
    "do_create_body",
    "do_declare_present",
    "do_ensure_council",
    "do_enter_decree_of_record",
    "do_open_division",
    "do_open_sitting",
    "do_place_on_agenda",
    "do_promulgate_decree",
    "do_record_attendance",
    "do_refer_motion",
    "do_report_on_motion",
    "do_table_amendment",
    "do_table_motion",
    "do_take_seat",
    "do_vacate_seat",
    "do_withdraw_motion",
]
