"""A new user's first hour with the command line: after `make demo` every command works on
the demo's data, mistakes get one line, and a second demo does not share a busy port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commune.communes.models import Commune
from commune.members.models import Section


def commune_cli(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`commune …` in a clean environment, as a person types it in a new shell."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("COMMUNE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "commune.cli.main", *args],
        env={**clean, "COMMUNE_DATA_DIR": str(data_dir), "HOME": str(data_dir), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    done = commune_cli("demo", "--no-serve", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return data_dir


def test_commands_after_the_demo_use_its_data(demo_dir: Path, tmp_path: Path):
    export = tmp_path / "journal.export"
    done = commune_cli("journal", "export", "-o", str(export), data_dir=demo_dir)
    assert done.returncode == 0, done.stderr
    assert "using the demo's data" in done.stderr
    assert "Traceback" not in done.stderr
    verified = commune_cli("journal", "verify", str(export), data_dir=demo_dir)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    members = tmp_path / "members.csv"
    members.write_text("name,email,section\nLouise Michel,,18\n", encoding="utf-8")
    imported = commune_cli("import-members", str(members), data_dir=demo_dir)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 1 members" in imported.stdout


def test_an_unknown_command_is_one_line(demo_dir: Path):
    done = commune_cli("frobnicate", data_dir=demo_dir)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "Unknown command: 'frobnicate'" in done.stderr


def test_a_missing_setting_is_one_line(tmp_path: Path):
    """Outside the demo's data directory, production settings apply: the key is required."""
    done = commune_cli("journal", "export", "-o", "x", data_dir=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "COMMUNE_SECRET_KEY is required" in lines[0]


def test_a_second_demo_refuses_the_busy_port(tmp_path: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = commune_cli("demo", "--port", str(port), data_dir=tmp_path)
    assert done.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "commune.sqlite3").exists()  # refused before any work


@pytest.mark.django_db
def test_found_commune_with_its_sections(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    sections = tmp_path / "sections.csv"
    sections.write_text(
        "number,name,population,registered,source\n"
        '1,Croix-Rousse,,,\n2,Guillotière,"42 000",,recensement\n',
        encoding="utf-8",
    )
    call_command("found_commune", slug="lyon", name="Commune de Lyon", sections=sections)
    lyon = Commune.objects.get(slug="lyon")
    assert list(Section.objects.filter(commune=lyon).values_list("number", "population")) == [
        (1, None),
        (2, 42_000),
    ]
    assert "Next: commune apportion-seats --commune lyon" in capsys.readouterr().out


@pytest.mark.django_db
def test_found_commune_with_a_bad_sections_file_founds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    sections = tmp_path / "sections.csv"
    sections.write_text("number,name\n1,Un\n1,Deux\nx,Trois\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 problem"):
        call_command("found_commune", slug="lyon", name="Lyon", sections=sections)
    err = capsys.readouterr().err
    assert "line 3: number 1 is already on line 2" in err
    assert "line 4: the number 'x' is not a whole number" in err
    assert not Commune.objects.filter(slug="lyon").exists()


@pytest.mark.parametrize(
    ("variables", "problem"),
    [
        ({"COMMUNE_DEMO": "1"}, "COMMUNE_DEMO is set"),
        ({"COMMUNE_TESTING": "1"}, "COMMUNE_TESTING is set"),
        ({"COMMUNE_ALLOWED_HOSTS": "*"}, "contains '*'"),
    ],
)
def test_check_deploy_refuses_demo_settings_and_any_host(tmp_path: Path, variables, problem):
    settings = {
        "COMMUNE_SECRET_KEY": "x" * 60 + "-production-key-for-the-check-only",
        "COMMUNE_ALLOWED_HOSTS": "commune.example.org",
        "COMMUNE_BEHIND_TLS_PROXY": "1",
        **variables,
    }
    done = commune_cli("check", "--deploy", data_dir=tmp_path, **settings)
    assert done.returncode != 0
    assert problem in done.stderr
