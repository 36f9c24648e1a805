"""The independent verifier against a live server and against an export of the demo."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from commune.cli.main import main
from commune.ledger.verify import verify_export, verify_url


@pytest.fixture
def demo(committed_db, operator):
    from commune.demo.loader import load_paris_1871

    return load_paris_1871(actor=operator)


def test_verifier_reports_a_good_log_on_a_live_server(live_server, demo, operator, tmp_path):
    """`commune journal verify URL` on the demo: good; then again, as a monitor, after more acts."""
    report = verify_url(live_server.url)
    assert report.ok, report.problems
    assert report.entries_checked == 22  # founded, 20 sections, seats apportioned
    saved = tmp_path / "checkpoint.txt"
    assert main(["journal", "verify", live_server.url, "--save-checkpoint", str(saved)]) == 0
    from commune.members import actions

    actions.do_create_section(demo, actor=operator, number=21, name="Banlieue")
    code = main(["journal", "verify", live_server.url, "--trusted", str(saved), "--json"])
    assert code == 0


def test_per_commune_url(live_server, demo):
    report = verify_url(f"{live_server.url}/c/{demo.slug}")
    assert report.ok, report.problems


def test_export_then_verify(demo, tmp_path, capsys):
    path = tmp_path / "journal.jsonl"
    call_command("journal_export", output=path)
    report = verify_export(path)
    assert report.ok, report.problems
    assert report.entries_checked == 22
    capsys.readouterr()
    assert main(["journal", "verify", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    # One byte changed in entry 7 (a section's name): the verifier names it.
    lines = path.read_bytes().split(b"\n")
    assert b'"index":7' in lines[8]
    lines[8] = lines[8].replace(b'"name":"', b'"name":"X', 1)
    path.write_bytes(b"\n".join(lines))
    assert verify_export(path).first_bad_index == 7
