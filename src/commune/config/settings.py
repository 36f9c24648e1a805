"""Django settings for every deployment, switched only by `COMMUNE_*` variables (see `env.py`).

Defaults make the embedded deployment (one process, SQLite in the data directory)
work with no configuration; production sets `COMMUNE_DATABASE_URL` to PostgreSQL
and `COMMUNE_SECRET_KEY`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from commune.config import env

ENV = env.read()
PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = ENV.data_dir

DEBUG = ENV.debug
COMMUNE_DEMO = ENV.demo
TESTING = ENV.testing

if ENV.secret_key:
    SECRET_KEY = ENV.secret_key
elif DEBUG or COMMUNE_DEMO or TESTING:
    SECRET_KEY = env.load_or_create_secret_key(DATA_DIR)
else:
    raise env.ConfigurationError(
        "COMMUNE_SECRET_KEY is required in production (COMMUNE_DEBUG off, not the demo). "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = ENV.allowed_hosts + (["testserver"] if TESTING else [])
# The host part of each journal's origin (`<host>/<slug>`, the name in its signed
# checkpoints, fixed when a journal begins): COMMUNE_JOURNAL_HOST, else the first plain host
# name the server answers to. `commune check --deploy` warns when it comes out as localhost.
COMMUNE_JOURNAL_HOST = ENV.journal_host or next(
    (h for h in ENV.allowed_hosts if h and not h.startswith((".", "[", "*")) and h != "127.0.0.1"),
    "localhost",
)
COMMUNE_TRUSTED_PROXIES = ENV.trusted_proxies
# The site's address as people reach it (`https://commune.example.org`), for the links that
# mail carries (invitations). Unset, a page that sends mail uses the address it was asked at
# (a host of ALLOWED_HOSTS); set it behind a proxy that rewrites the host.
COMMUNE_SITE_URL = ENV.site_url
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "ninja",  # serves the API docs' Swagger assets from the project, not from a CDN
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "commune.communes",
    "commune.journal",
    "commune.members",
    "commune.accounts",
    "commune.elections",
    "commune.assemblies",
    "commune.commissions",
    "commune.mandates",
    "commune.web",
    "commune.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it is the first to see a view's exception: domain errors become error pages.
    "commune.web.errors.DomainErrorMiddleware",
]

ROOT_URLCONF = "commune.config.urls"
WSGI_APPLICATION = "commune.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _sqlite_database(path: Path) -> dict[str, Any]:
    """SQLite tuned so that concurrent writers wait for each other instead of failing.

    WAL lets readers run beside the writer; `synchronous=FULL` makes an
    acknowledged commit survive power loss (the "nothing lost" invariant);
    `BEGIN IMMEDIATE` takes the write lock at the start of a transaction, so two
    writers queue on the busy timeout rather than deadlocking on lock upgrade.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Kept open between requests: opening one (its PRAGMAs, the functions Django
        # registers) cost about a fifth of a cast.
        "CONN_MAX_AGE": None,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
            ),
        },
        "TEST": {"NAME": str(path.with_name("test-" + path.name))},
    }


DATABASES: dict[str, Any]
if ENV.database_url and not ENV.database_url.startswith("sqlite"):
    DATABASES = {
        "default": dj_database_url.parse(ENV.database_url, conn_max_age=60, conn_health_checks=True)
    }
elif ENV.database_url:
    DATABASES = {"default": _sqlite_database(Path(urlparse(ENV.database_url).path))}
else:
    DATABASES = {"default": _sqlite_database(DATA_DIR / "commune.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared by every web process behind a load balancer. Nothing that must not be lost lives
    # here (a cache culls its entries): the sign-in limits have their own table (accounts).
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "commune_cache",
    }
}

# Argon2id (memory-hard, the winner of the Password Hashing Competition, RFC 9106) for every
# new password; the others only verify passwords stored before it, and Django re-hashes such a
# password with Argon2 at its owner's next successful sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = ENV.language_code
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers. Production (neither debug, demo nor tests) gets HTTPS-only cookies and HSTS.
_PRODUCTION = not (DEBUG or COMMUNE_DEMO or TESTING)
SESSION_COOKIE_SECURE = _PRODUCTION
CSRF_COOKIE_SECURE = _PRODUCTION
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions and model backend, each read with one plain statement (see
# accounts/sessions.py: every signed-in request reads both).
SESSION_ENGINE = "commune.accounts.sessions"
AUTHENTICATION_BACKENDS = ["commune.accounts.sessions.AccountBackend"]
SECURE_SSL_REDIRECT = ENV.secure_ssl_redirect
SECURE_HSTS_SECONDS = ENV.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = ENV.hsts_seconds > 0
SECURE_HSTS_PRELOAD = False
if ENV.behind_tls_proxy:
    # Only behind a proxy that sets this header itself; otherwise any client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: every script, style, font and image comes from this server (no CDN,
# no inline script), forms post only here, and no other site may frame these pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Permissions-Policy: the pages use no camera, microphone, location or payment, and say so.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
}
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is an irrevocable commitment for the whole domain: the operator's choice.
    "security.W021",
]


def _email_settings(url: str | None) -> dict[str, object]:
    """`COMMUNE_EMAIL_URL`: `smtp://user:password@host:587?tls=1`, or `console://` (default)."""
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlparse(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise env.ConfigurationError(f"COMMUNE_EMAIL_URL: unknown scheme {parts.scheme!r}")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in ("1", "true"),
    }


# The demo writes its mail (the invitations it sends) to the console, whatever the
# environment says: its members are the people of 1871, whose addresses are nobody's.
globals().update(_email_settings(None if COMMUNE_DEMO else ENV.email_url))
DEFAULT_FROM_EMAIL = ENV.default_from_email
SERVER_EMAIL = ENV.default_from_email

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.log_level},
}


# Tests and debugging serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
