from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "commune.cli"
    label = "commune_cli"
    verbose_name = "Command line"
