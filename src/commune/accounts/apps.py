from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "commune.accounts"
    label = "accounts"
    verbose_name = _("Sign-in accounts")

    def ready(self) -> None:
        from commune.accounts import kinds
        from commune.journal import kinds as journal_kinds

        journal_kinds.register(kinds.KINDS)
