"""System checks of Commune's own configuration, run by `commune check` (and `--deploy`)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from commune.config import env


@register(Tags.compatibility)
def unknown_variables(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    return [
        Warning(
            f"{name} is set but Commune reads no such variable (a misspelling?)",
            hint="See the README's configuration table for the variables Commune reads.",
            id="commune.W001",
        )
        for name in env.unknown_variables()
    ]


@register(Tags.security, deploy=True)
def journal_origin(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.COMMUNE_JOURNAL_HOST in ("localhost", "127.0.0.1"):
        return [
            Warning(
                "the Journal officiel's origin host is 'localhost': every journal begun now "
                "would be named localhost/<slug> for ever",
                hint="Set COMMUNE_JOURNAL_HOST (or COMMUNE_ALLOWED_HOSTS) to the public host name.",
                id="commune.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def private_data_dir(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    path = Path(settings.DATA_DIR)
    if path.exists() and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [
            Warning(
                f"the data directory {path} is readable by other users (it holds the database, "
                "the secret key and the journal's signing keys)",
                hint=f"chmod 700 {path}",
                id="commune.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def not_a_demo(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A deployment never runs with the demo's or the tests' settings, nor answers any host."""
    errors: list[CheckMessage] = []
    for name, value in (
        ("COMMUNE_DEMO", settings.COMMUNE_DEMO),
        ("COMMUNE_TESTING", settings.TESTING),
    ):
        if value:
            errors.append(
                Error(
                    f"{name} is set: its settings (a secret key generated on the fly, cookies "
                    "sent over plain HTTP, no HTTPS redirect) must never serve real members",
                    hint=f"Unset {name}, and set COMMUNE_SECRET_KEY.",
                    id="commune.E001",
                )
            )
    if "*" in settings.ALLOWED_HOSTS or any(h.startswith("*") for h in settings.ALLOWED_HOSTS):
        errors.append(
            Error(
                "COMMUNE_ALLOWED_HOSTS contains '*': the server would answer for any host name, "
                "and links in its mail could be made to point anywhere (Host header poisoning)",
                hint="List the host names the server answers to, e.g. commune.example.org.",
                id="commune.E002",
            )
        )
    return errors
