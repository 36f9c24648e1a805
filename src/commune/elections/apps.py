from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "commune.elections"
    label = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from commune.elections import kinds
        from commune.journal import kinds as journal_kinds

        journal_kinds.register(kinds.KINDS)
