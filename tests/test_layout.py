"""The layout every app copies (docs/architecture.md): packages per layer with one module
per area, state rules on the models, imports at the top of a module."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["governance", "pcycle", "reserves", "dialogue"]
LAYERS = ["models", "services", "queries", "forms", "filters", "views"]


def _sources(*roots: str):
    for root in roots:
        for path in sorted((ROOT / root).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_governance_has_one_package_per_layer():
    app = ROOT / "governance"
    for layer in LAYERS:
        assert (app / layer / "__init__.py").is_file(), f"governance/{layer}/ is not a package"
        modules = [p for p in (app / layer).glob("*.py") if p.name != "__init__.py"]
        assert modules, f"governance/{layer}/ has no modules"
    flat = sorted(
        p.name for layer in LAYERS for p in app.glob(f"{layer}_*.py") if p.is_file()
    ) + sorted(p.name for layer in LAYERS if (p := app / f"{layer}.py").exists())
    assert flat == [], f"flat layer modules next to the packages: {flat}"


@pytest.mark.parametrize("app", APPS)
def test_an_app_that_has_a_layer_keeps_it_as_a_package(app):
    for layer in LAYERS:
        assert not (ROOT / app / f"{layer}.py").exists(), (
            f"{app}/{layer}.py: make it a package {app}/{layer}/ with one module per area"
        )


def _function_imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = path.read_text().splitlines()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner.lineno, lines[inner.lineno - 1]


def test_no_import_inside_a_function_unless_it_names_the_cycle_it_breaks():
    found = [
        f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}"
        for path in _sources("hecht", *APPS)
        for lineno, line in _function_imports(path)
        if "cycle" not in line
    ]
    assert found == []


def test_the_import_check_sees_function_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    import os\n\n\ndef g():\n    import sys  # cycle: sys imports g\n"
    )
    assert [line for _, line in _function_imports(sample)] == [
        "    import os",
        "    import sys  # cycle: sys imports g",
    ]


def test_other_layers_take_state_rules_from_the_models_not_from_services():
    """Forms, views, queries, tasks and reminders may import a service's field list
    (``*_FIELDS``, what a form edits) but not its state constants: those are model
    attributes (``Meeting.HELD_STATUSES``, ``Proposal.CLOSED_STATUSES``…)."""
    found = []
    for path in _sources("hecht", *APPS):
        rel = path.relative_to(ROOT)
        if "services" in rel.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[1:2] == [
                "services"
            ]:
                found += [
                    f"{rel}: {alias.name}"
                    for alias in node.names
                    if alias.name.isupper() and not alias.name.endswith("_FIELDS")
                ]
    assert found == []


def test_state_rules_live_on_the_models():
    models = importlib.import_module("governance.models")
    meeting, status = models.Meeting, models.Meeting.Status
    assert {status.HELD, status.MINUTES_ADOPTED} == meeting.HELD_STATUSES
    assert {status.PLANNED} == meeting.OPEN_STATUSES
    # The stored status is the lifecycle; the published agenda is a date, and the phase
    # the pages show adds it. The database refuses any other status.
    assert set(meeting.TRANSITIONS) == set(status)
    assert set(status) < set(meeting.Phase)
    assert set(meeting.Phase) - set(status) == {meeting.Phase.AGENDA_PUBLISHED}
    (check,) = [c for c in meeting._meta.constraints if c.name == "meeting_status_is_lifecycle"]
    assert check.condition.children == [("status__in", list(status.values))]
    proposal = models.Proposal
    assert {proposal.Status.DECIDED, proposal.Status.WITHDRAWN} == proposal.CLOSED_STATUSES
    decision = models.Decision
    assert {
        decision.Outcome.ADOPTED,
        decision.Outcome.ADOPTED_AMENDED,
    } == decision.ADOPTING_OUTCOMES
    action = models.Action
    assert set(action.OPEN_STATUSES) | set(action.CLOSED_STATUSES) == set(action.Status)
    assert not set(action.OPEN_STATUSES) & set(action.CLOSED_STATUSES)


def _permission_gates_in_views(path: Path):
    """``if not user.has_perm(...): raise PermissionDenied`` written out in a view."""
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.If):
            continue
        raises = any(
            isinstance(stmt, ast.Raise) and "PermissionDenied" in ast.unparse(stmt)
            for stmt in node.body
        )
        if raises and "has_perm(" in ast.unparse(node.test):
            yield node.lineno


def test_views_ask_access_for_permissions_instead_of_checking_them_by_hand():
    """A view gets its permission check from ``governance.access`` (a fetcher's flag, or
    ``access.require`` with the permission its service requires), so the page and the
    service cannot ask for different permissions."""
    found = [
        f"{path.relative_to(ROOT)}:{lineno}"
        for app in APPS
        for path in sorted((ROOT / app / "views").glob("*.py"))
        for lineno in _permission_gates_in_views(path)
    ]
    assert found == []


def test_the_permission_gate_check_sees_a_hand_written_gate(tmp_path):
    sample = tmp_path / "view.py"
    sample.write_text(
        "def view(request):\n"
        "    if not request.user.has_perm('x.y'):\n"
        "        raise PermissionDenied\n"
    )
    assert list(_permission_gates_in_views(sample)) == [2]
