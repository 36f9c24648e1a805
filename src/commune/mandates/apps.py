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
        # Registers the hooks that compare delegates' votes with their instructions and
        # settle recall votes and the replacements on their ballots (commune.assemblies.hooks,
        # commune.elections.hooks).
        from commune.mandates.actions import instructions, recall, same_ballot  # noqa: F401
