"""Every change to communes, sections, rolls and clerkships goes through one of these.

Each action validates its input, checks the actor's permission, writes the change
and appends its Journal officiel entry in one transaction. One module per topic;
the names are re-exported here, so callers write `actions.do_admit_member(…)`.
"""

from commune.members.actions.communes import do_amend_constitution, do_found_commune
from commune.members.actions.officials import (
    do_appoint_clerk,
    do_create_login,
    do_dismiss_clerk,
    do_link_account,
)
from commune.members.actions.rolls import (
    do_admit_member,
    do_end_membership,
    do_import_members,
    do_move_member,
)
from commune.members.actions.sections import (
    do_apportion_seats,
    do_create_section,
    do_create_sections,
    do_merge_sections,
    do_rename_section,
    do_update_section_figures,
)

__all__ = [
    "do_admit_member",
    "do_amend_constitution",
    "do_appoint_clerk",
    "do_apportion_seats",
    "do_create_login",
    "do_create_section",
    "do_create_sections",
    "do_dismiss_clerk",
    "do_end_membership",
    "do_found_commune",
    "do_import_members",
    "do_link_account",
    "do_merge_sections",
    "do_move_member",
    "do_rename_section",
    "do_update_section_figures",
]
