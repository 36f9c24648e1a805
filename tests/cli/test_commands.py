"""The `commune` management commands: what an operator types."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from commune.cli.main import main
from commune.communes.models import Commune
from commune.members.models import Section

pytestmark = pytest.mark.django_db


def test_demo_loads_the_1871_commune_and_a_clerk_login(capsys):
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    commune = Commune.objects.get(slug="paris-1871")
    assert Section.objects.filter(commune=commune).count() == 20
    assert sum(Section.objects.filter(commune=commune).values_list("seats", flat=True)) == 93
    assert "Sign in as 'demo' with password" in out
    password = out.split("with password '")[1].split("'")[0]
    user = User.objects.get(username="demo")
    assert user.check_password(password) and user.clerkships.filter(commune=commune).exists()
    # The council at work: ten commissions, the 24 decrees of record with no invented
    # division, and a general assembly of demonstration with one adopted and one open motion.
    from commune.assemblies.models import Body, Decree, Division
    from commune.commissions.models import Referral

    assert Body.objects.filter(commune=commune, kind="commission").count() == 10
    decrees = Decree.objects.filter(commune=commune)
    assert decrees.count() == 24 and not Division.objects.filter(motion__decree__in=decrees)
    assert decrees.get(title__startswith="Décret instituant").recorded_outcome == (
        "adopted by 45 votes to 23"
    )
    assert Referral.objects.filter(decree__commune=commune).count() >= 10
    divisions = Division.objects.filter(body__kind="assembly")
    assert sorted(d.outcome for d in divisions) == ["", "adopted", "adopted"]
    assert all("démonstration" in d.body.name for d in divisions)
    # A recall petition of demonstration, one signature short of its threshold.
    from commune.mandates import queries as mandate_queries
    from commune.mandates.models import RecallPetition

    petition = RecallPetition.objects.get()
    assert petition.state == "open" and "démonstration" in petition.reason
    assert mandate_queries.count_signatures(petition) == petition.threshold - 1
    users = User.objects.count()  # the clerk, and the members of demonstration
    call_command("demo", no_serve=True)  # a second run changes nothing
    assert Commune.objects.count() == 1 and User.objects.count() == users


def test_found_commune_with_a_constitution_file(tmp_path, capsys):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"apportionment": {"method": "dhondt", "total_seats": 5}}))
    call_command("found_commune", slug="coop", name="Coopérative", constitution=rules)
    assert Commune.objects.get(slug="coop").constitution["apportionment"]["method"] == "dhondt"
    rules.write_text(json.dumps({"apportionment": {"method": "lottery"}}))
    with pytest.raises(CommandError, match="unknown apportionment method 'lottery'"):
        call_command("found_commune", slug="coop2", name="Other", constitution=rules)
    assert not Commune.objects.filter(slug="coop2").exists()


def test_apportion_seats_command(commune, capsys):
    call_command("apportion_seats")
    assert "10 seats apportioned" in capsys.readouterr().out


def test_commune_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("tally", "apportion", "journal verify", "demo", "import-members"):
        assert command in out


def test_create_login_then_appoint_and_dismiss_a_clerk(commune, monkeypatch, capsys):
    answers = iter(["a long enough passphrase", "a long enough passphrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_login", "varlin")
    call_command("appoint_clerk", "varlin")
    user = User.objects.get(username="varlin")
    assert user.clerkships.filter(commune=commune).exists() and not user.is_superuser
    call_command("appoint_clerk", "varlin", dismiss=True)
    assert not user.clerkships.exists()
    with pytest.raises(CommandError, match="not a clerk"):
        call_command("appoint_clerk", "varlin", dismiss=True)


def test_create_login_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "1234")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_login", "weak")
    assert not User.objects.filter(username="weak").exists()


def test_demo_reset_starts_afresh(tmp_path, capsys):
    """`commune demo --reset` deletes the demo's own files, then loads the demo again."""
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "COMMUNE_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    run = [sys.executable, "-m", "commune.cli.main", "demo", "--no-serve"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([*run, "--reset"], env=env, capture_output=True, text=True, check=True)
    assert "Deleted the previous demo database" in second.stdout
    password = lambda out: out.split("with password '")[1].split("'")[0]  # noqa: E731
    assert password(first.stdout) != password(second.stdout)
