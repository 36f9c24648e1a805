"""WSGI entry point, served by Granian (`commune serve`) or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commune.config.settings")
application = get_wsgi_application()
