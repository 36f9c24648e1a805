"""The only module that reads the process environment.

Every `COMMUNE_*` variable is read here, validated, and handed to `settings.py`
as a typed value, so a malformed variable fails at start-up with a message
naming it, and an unknown one (a misspelling) is reported by `commune check`.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigurationError(Exception):
    """A `COMMUNE_*` variable is missing or malformed."""


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def _list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r}: expected an integer") from None


def default_data_dir() -> Path:
    """Where the embedded deployment keeps its SQLite file, secret key and signing keys.

    `$XDG_DATA_HOME/commune` (usually `~/.local/share/commune`), so the data
    outlives a reinstall of the code and never lands inside the repository.
    """
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "commune"


@dataclass(frozen=True, slots=True)
class Environment:
    """The deployment's configuration as read from the environment."""

    debug: bool
    demo: bool
    testing: bool
    data_dir: Path
    database_url: str | None
    secret_key: str | None
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    email_url: str | None
    default_from_email: str
    secure_ssl_redirect: bool
    hsts_seconds: int
    language_code: str
    log_level: str
    trusted_proxies: int
    behind_tls_proxy: bool
    journal_host: str | None
    site_url: str | None


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
KNOWN = {
    "COMMUNE_DEBUG",
    "COMMUNE_DEMO",
    "COMMUNE_TESTING",
    "COMMUNE_DATA_DIR",
    "COMMUNE_DATABASE_URL",
    "COMMUNE_SECRET_KEY",
    "COMMUNE_ALLOWED_HOSTS",
    "COMMUNE_CSRF_TRUSTED_ORIGINS",
    "COMMUNE_EMAIL_URL",
    "COMMUNE_FROM_EMAIL",
    "COMMUNE_SECURE_SSL_REDIRECT",
    "COMMUNE_HSTS_SECONDS",
    "COMMUNE_LANGUAGE",
    "COMMUNE_LOG_LEVEL",
    "COMMUNE_TRUSTED_PROXIES",
    "COMMUNE_BEHIND_TLS_PROXY",
    "COMMUNE_JOURNAL_HOST",
    "COMMUNE_SITE_URL",
    # Read by tests and CI only, never by the service.
    "COMMUNE_REQUIRE_BROWSER",
    "COMMUNE_CI_DATABASE_URL",
}


def _log_level() -> str:
    level = os.environ.get("COMMUNE_LOG_LEVEL", "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigurationError(f"COMMUNE_LOG_LEVEL={level!r}: expected one of {LOG_LEVELS}")
    return level


def _site_url() -> str | None:
    raw = (os.environ.get("COMMUNE_SITE_URL") or "").strip()
    if not raw:
        return None
    if not raw.startswith(("https://", "http://")) or "?" in raw or "#" in raw:
        raise ConfigurationError(
            f"COMMUNE_SITE_URL={raw!r}: expected the site's address, e.g. https://commune.example.org"
        )
    return raw.rstrip("/")


def unknown_variables() -> list[str]:
    """`COMMUNE_*` names that nothing reads: most likely misspellings."""
    return sorted(n for n in os.environ if n.startswith("COMMUNE_") and n not in KNOWN)


def read() -> Environment:
    """Read and validate every `COMMUNE_*` variable."""
    data_dir = Path(os.environ.get("COMMUNE_DATA_DIR") or default_data_dir()).expanduser()
    debug = _flag("COMMUNE_DEBUG", False)
    demo = _flag("COMMUNE_DEMO", False)
    testing = _flag("COMMUNE_TESTING", False)
    language = os.environ.get("COMMUNE_LANGUAGE", "en")
    if language not in ("fr", "en"):
        raise ConfigurationError(f"COMMUNE_LANGUAGE={language!r}: expected 'fr' or 'en'")
    return Environment(
        debug=debug,
        demo=demo,
        testing=testing,
        data_dir=data_dir,
        database_url=os.environ.get("COMMUNE_DATABASE_URL") or None,
        secret_key=os.environ.get("COMMUNE_SECRET_KEY") or None,
        allowed_hosts=_list("COMMUNE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"]),
        csrf_trusted_origins=_list("COMMUNE_CSRF_TRUSTED_ORIGINS", []),
        email_url=os.environ.get("COMMUNE_EMAIL_URL") or None,
        default_from_email=os.environ.get("COMMUNE_FROM_EMAIL", "commune@localhost"),
        secure_ssl_redirect=_flag("COMMUNE_SECURE_SSL_REDIRECT", not (debug or demo or testing)),
        hsts_seconds=_int("COMMUNE_HSTS_SECONDS", 0 if (debug or demo or testing) else 31_536_000),
        language_code=language,
        log_level=_log_level(),
        trusted_proxies=_int("COMMUNE_TRUSTED_PROXIES", 0),
        behind_tls_proxy=_flag("COMMUNE_BEHIND_TLS_PROXY", False),
        journal_host=os.environ.get("COMMUNE_JOURNAL_HOST") or None,
        site_url=_site_url(),
    )


def load_or_create_secret_key(data_dir: Path) -> str:
    """The demo's and developer's secret key: generated once, kept in the data directory.

    Created with mode 0600 so other local users cannot read it; never committed.
    """
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


#: The file `commune demo` leaves in its data directory, so that later commands find its data.
DEMO_MARKER = "demo"


def demo_data_dir() -> Path | None:
    """The demo's data directory, when the commands about to run can only mean it.

    After `make demo`, `commune journal export` or `commune import-members` should work on
    the demo's data with no variable set. That is the case when the data directory holds
    the demo's marker and nothing points elsewhere: no database URL, no secret key (which
    a production deployment must set), no explicit COMMUNE_DEMO or COMMUNE_DEBUG.
    """
    named = ("COMMUNE_DATABASE_URL", "COMMUNE_SECRET_KEY", "COMMUNE_DEMO", "COMMUNE_DEBUG")
    if any(os.environ.get(name) for name in named):
        return None
    data_dir = Path(os.environ.get("COMMUNE_DATA_DIR") or default_data_dir()).expanduser()
    return data_dir if (data_dir / DEMO_MARKER).is_file() else None


def set_value(name: str, value: str) -> None:
    """Set a variable for this process and its children (the test settings' scratch directory)."""
    os.environ[name] = value


def set_default(name: str, value: str) -> None:
    """Let the CLI preset a variable (`COMMUNE_DEMO` for `commune demo`) before settings load."""
    os.environ.setdefault(name, value)
