"""The house holds: pure packages stay pure, interfaces write only through actions,
and no room imports a room above it (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "commune"
PURE = ("socialchoice", "ledger")
INTERFACES = ("api", "web", "cli")
INSTITUTIONS = (
    "accounts",
    "communes",
    "members",
    "elections",
    "mandates",
    "assemblies",
    "commissions",
    "treasury",
    "journal",
    "federation",
)
# Methods that write rows whatever they are called on…
ALWAYS_WRITES = {
    "save",
    "create_user",
    "create_superuser",
    "set_password",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# …and methods that write rows when called on a manager or a queryset.
QUERYSET_WRITES = {"create", "update", "delete"}
QUERYSET_HINTS = ("objects", ".filter(", ".all(", ".exclude(", "_set", ".select_for_update(")


def modules(*packages: str) -> list[Path]:
    found = []
    for package in packages:
        root = SRC / package
        if root.exists():
            found += [p for p in root.rglob("*.py") if "migrations" not in p.parts]
    return found


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules(*PURE), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_packages_import_no_django(path):
    """socialchoice and ledger are libraries in their own right: no Django, no other room."""
    for name in imported_names(path):
        assert not name.startswith("django"), f"{path.name} imports {name}"
        if name.startswith("commune."):
            assert name.split(".")[1] in PURE, f"{path.name} imports {name}"


def write_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        if node.func.attr in ALWAYS_WRITES or (
            node.func.attr in QUERYSET_WRITES and any(h in receiver for h in QUERYSET_HINTS)
        ):
            found.append(f"{path.relative_to(SRC)}:{node.lineno} {receiver}.{node.func.attr}()")
    return found


@pytest.mark.parametrize(
    "path",
    modules(*INTERFACES) + [p for p in modules(*INSTITUTIONS) if p.name == "admin.py"],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_interfaces_write_only_through_actions(path):
    """Views, API endpoints, CLI commands and admin pages never write models or journal entries."""
    assert write_calls(path) == []
    assert "commune.journal.record" not in imported_names(path)


def manager_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(SRC)}:{node.lineno} {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
    ]


@pytest.mark.parametrize(
    "path",
    modules(*INTERFACES) + [p for p in modules(*INSTITUTIONS) if p.name == "admin.py"],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_interfaces_read_only_through_queries_and_access(path):
    """Interfaces never touch a model's manager: reads go through `queries`, guarded objects
    through `access`, so every read that needs a permission check gets one."""
    assert manager_uses(path) == []


@pytest.mark.parametrize("path", modules(*INSTITUTIONS), ids=lambda p: str(p.relative_to(SRC)))
def test_institutions_do_not_import_interfaces(path):
    for name in imported_names(path):
        parts = name.split(".")
        assert not (parts[0] == "commune" and len(parts) > 1 and parts[1] in INTERFACES), (
            f"{path.relative_to(SRC)} imports {name}"
        )


def test_only_env_reads_the_environment():
    """Configuration is read in one place (config/env.py), so it is documented in one place."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "env.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("getenv", "environ"):
                offenders.append((path, node.lineno))
    allowed = {"wsgi.py", "asgi.py", "main.py"}  # they only set DJANGO_SETTINGS_MODULE
    assert [(p.name, n) for p, n in offenders if p.name not in allowed] == []


# Each room may import only rooms on lower floors (house.png): the journal records every
# institution's acts, so it sits below all of them and imports none; communes, the root
# every record (the journal's included) points to, sits below the journal. Accounts invite
# members of the roll to make their login and journal it, so they sit above members.
FLOORS = {
    "communes": 0,
    "journal": 1,
    "members": 2,
    "accounts": 3,
    "elections": 3,
    "assemblies": 4,
    "mandates": 5,
    "commissions": 5,
    "treasury": 5,
    "federation": 5,
}


@pytest.mark.parametrize("path", modules(*FLOORS), ids=lambda p: str(p.relative_to(SRC)))
def test_institutions_import_only_lower_floors(path):
    """Every import counts, those made for type checking too: a type is a dependency."""
    room = path.relative_to(SRC).parts[0]
    for name in imported_names(path):
        parts = name.split(".")
        if parts[0] == "commune" and len(parts) > 1 and parts[1] in FLOORS and parts[1] != room:
            assert FLOORS[parts[1]] < FLOORS[room], f"{path.relative_to(SRC)} imports {name}"
