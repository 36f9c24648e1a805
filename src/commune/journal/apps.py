from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "commune.journal"
    label = "journal"
    verbose_name = _("Journal officiel")

    def ready(self) -> None:
        from commune.journal import kinds

        kinds.register(kinds.JOURNAL_KINDS)
