"""The shape of the house: dependencies point one way, services never start tasks by import,
reads never write, and no module grows past the size where it should become a package."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# socialjustice <- networks <- workshops <- contributions <- breakouts (docs: README, layout).
APPS = ["socialjustice", "networks", "workshops", "contributions", "breakouts"]
MAX_LINES = 400


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported(path: Path) -> set[str]:
    """Every module `path` imports, as absolute dotted names."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("app", APPS)
def test_apps_import_only_the_apps_below_them(app):
    above = APPS[APPS.index(app) + 1 :]
    wrong = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(app)
        for name in imported(path)
        if name.split(".")[0] in above
    )
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_services_and_selectors_never_import_tasks_or_views(app):
    wrong = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(app)
        if {"services", "selectors"} & set(path.parts) or path.stem in ("services", "selectors")
        for name in imported(path)
        if name.split(".")[:2] in ([app, "tasks"], [app, "views"])
    )
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_selectors_never_import_services(app):
    wrong = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(app)
        if "selectors" in path.parts or path.stem == "selectors"
        for name in imported(path)
        if name.split(".")[:2] == [app, "services"]
    )
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_no_module_is_over_400_lines(app):
    long = sorted(
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in modules(app)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    )
    assert long == []


@pytest.mark.parametrize("app", APPS)
def test_only_the_shared_locking_helper_locks_rows(app):
    """One way to lock: socialjustice.locking, with its order, time limit and transaction
    check. The outbox and mailing sweeps claim rows by conditional updates instead."""
    wrong = sorted(
        str(path.relative_to(ROOT))
        for path in modules(app)
        if "select_for_update" in path.read_text() and path != ROOT / "socialjustice/locking.py"
    )
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_email_is_queued_only_by_each_apps_emails_module(app):
    wrong = sorted(
        str(path.relative_to(ROOT))
        for path in modules(app)
        if path.parent.name != "socialjustice"
        and path.stem != "emails"
        and ({"socialjustice.outbox.queue_email", "socialjustice.mailings.queue_mailing"})
        & imported(path)
    )
    assert wrong == []
