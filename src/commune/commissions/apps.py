from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionsConfig(AppConfig):
    name = "commune.commissions"
    label = "commissions"
    verbose_name = _("Commissions")

    def ready(self) -> None:
        from commune.commissions import kinds
        from commune.journal import kinds as journal_kinds

        journal_kinds.register(kinds.KINDS)
