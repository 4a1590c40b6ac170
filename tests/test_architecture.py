"""The layout's rules (issue 10), held by tests so that a change that breaks one says so."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("tracker", "commitments", "peers", "reports", "devdata")
MAX_LINES = 500


def _modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_every_root_module_of_commitments_is_held_by_the_import_contract():
    """A module added at commitments/'s root must be named in the contract that keeps the
    record from importing its sub-packages, or the contract would not check it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    record = next(c for c in contracts if c["type"] == "forbidden")
    subpackages = {
        "commitments.explorer",
        "commitments.progress",
        "commitments.ogp",
        "commitments.history",
        "commitments.api",
        "commitments.contracting",
        "commitments.scores",
        "commitments.cases",
        "commitments.fieldwork",
    }
    assert set(record["forbidden_modules"]) == subpackages
    root = ROOT / "commitments"
    found = {
        f"commitments.{path.stem if path.is_file() else path.name}"
        for path in root.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    found -= {*subpackages, "commitments.migrations"}
    assert found == set(record["source_modules"])


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for path in [*_modules(), *(ROOT / "tests").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                offenders += [
                    f"{path.relative_to(ROOT)}: {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                ]
    assert offenders == []


def test_no_module_is_over_500_lines_but_models():
    long = [
        f"{path.relative_to(ROOT)}: {n}"
        for path in _modules()
        if path.name != "models.py" and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []
