from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "commune.cli"
    label = "commune_cli"
    verbose_name = "Command line"

    def ready(self) -> None:
        from commune.config import checks  # noqa: F401  (registers Commune's system checks)
