from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "commune.members"
    label = "members"
    verbose_name = _("Members and sections")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from commune import planner
        from commune.journal import kinds as journal_kinds
        from commune.members import kinds

        journal_kinds.register(kinds.KINDS)
        # SQLite's planner statistics, once per `migrate` (sent for each app: this one only).
        post_migrate.connect(planner.refresh_statistics_after_migrate, sender=self)
