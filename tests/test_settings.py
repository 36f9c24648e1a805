"""Settings come from COMMUNE_* variables; production refuses to start without a secret key."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection


def run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("COMMUNE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )


def test_production_requires_a_secret_key(tmp_path):
    done = run("import commune.config.settings", COMMUNE_DATA_DIR=str(tmp_path))
    assert done.returncode != 0
    assert "COMMUNE_SECRET_KEY is required" in done.stderr


def test_malformed_flag_names_the_variable(tmp_path):
    done = run(
        "import commune.config.settings", COMMUNE_DEBUG="maybe", COMMUNE_DATA_DIR=str(tmp_path)
    )
    assert "COMMUNE_DEBUG='maybe'" in done.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    """`commune check --deploy --fail-level WARNING` is clean with production settings."""
    done = run(
        "from commune.cli.main import main; main(['check', '--deploy', '--fail-level', 'WARNING'])",
        COMMUNE_DATA_DIR=str(tmp_path),
        COMMUNE_SECRET_KEY="x" * 60 + "-production-key-for-the-check-only",
        COMMUNE_ALLOWED_HOSTS="commune.example.org",
        COMMUNE_BEHIND_TLS_PROXY="1",
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.django_db
def test_sqlite_is_tuned_for_concurrent_writers():
    """WAL, synchronous=FULL and a busy timeout on every SQLite connection."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1


SHOW_MAIL = (
    "import commune.config.settings as s; "
    "print(s.EMAIL_BACKEND, getattr(s, 'EMAIL_HOST', '-'), s.COMMUNE_SITE_URL)"
)


def test_mail_goes_by_smtp_in_production_and_to_the_console_in_the_demo(tmp_path):
    """COMMUNE_EMAIL_URL chooses the mail server; the demo always writes mail to the console."""
    smtp = "smtp://commune%40example.org:secret@mail.example.org:587?tls=1"
    done = run(
        SHOW_MAIL,
        COMMUNE_DATA_DIR=str(tmp_path),
        COMMUNE_SECRET_KEY="k" * 60,
        COMMUNE_EMAIL_URL=smtp,
        COMMUNE_SITE_URL="https://commune.example.org/",
    )
    assert done.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "https://commune.example.org",
    ], done.stderr
    done = run(
        SHOW_MAIL,
        COMMUNE_DATA_DIR=str(tmp_path),
        COMMUNE_DEMO="1",
        COMMUNE_EMAIL_URL=smtp,
    )
    assert done.stdout.split() == ["django.core.mail.backends.console.EmailBackend", "-", "None"]


def test_a_malformed_site_address_names_the_variable(tmp_path):
    done = run(
        "import commune.config.settings",
        COMMUNE_DATA_DIR=str(tmp_path),
        COMMUNE_DEMO="1",
        COMMUNE_SITE_URL="commune.example.org",
    )
    assert "COMMUNE_SITE_URL='commune.example.org'" in done.stderr
