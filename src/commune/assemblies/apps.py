from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    name = "commune.assemblies"
    label = "assemblies"
    verbose_name = _("Assemblies")

    def ready(self) -> None:
        from commune.assemblies import kinds
        from commune.journal import kinds as journal_kinds

        journal_kinds.register(kinds.KINDS)
