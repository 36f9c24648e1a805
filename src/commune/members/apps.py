from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "commune.members"
    label = "members"
    verbose_name = _("Members and sections")

    def ready(self) -> None:
        from commune.journal import kinds as journal_kinds
        from commune.members import kinds

        journal_kinds.register(kinds.KINDS)
