from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "commune.mandates"
    label = "mandates"
    verbose_name = _("Mandates")

    def ready(self) -> None:
        from commune.journal import kinds as journal_kinds
        from commune.mandates import kinds

        journal_kinds.register(kinds.KINDS)
