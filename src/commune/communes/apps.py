from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunesConfig(AppConfig):
    name = "commune.communes"
    label = "communes"
    verbose_name = _("Communes")
