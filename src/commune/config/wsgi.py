"""WSGI entry point, served by Granian (`commune serve`) or any WSGI server."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commune.config.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models) lives as long as the process: set
# it apart from the cyclic collector, whose every full pass would otherwise walk it again.
gc.freeze()
