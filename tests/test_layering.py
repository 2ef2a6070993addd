"""The library's layers import only downwards: core < plotting < widgets < checks (issue 14)."""

import ast
from pathlib import Path

import pytest

NNLIB = Path(__file__).resolve().parents[1] / "nnlib"
TOOLING = {"course.py", "progress.py"}  # tools above the library, allowed to import anything


def imported_modules(path):
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules(folder, skip=()):
    return sorted(p for p in folder.glob("*.py") if p.name not in skip)


@pytest.mark.parametrize("path", modules(NNLIB, TOOLING), ids=lambda p: p.name)
def test_the_core_imports_neither_plotting_widgets_nor_checks(path):
    upward = {m for m in imported_modules(path) if m.startswith(("nnlib.plotting", "nnlib.widgets", "nnlib.checks"))}
    assert not upward, f"{path.name} imports {upward}"


@pytest.mark.parametrize("path", modules(NNLIB / "plotting"), ids=lambda p: p.name)
def test_plotting_imports_neither_widgets_nor_checks(path):
    upward = {m for m in imported_modules(path) if m.startswith(("nnlib.widgets", "nnlib.checks"))}
    assert not upward, f"plotting/{path.name} imports {upward}"


@pytest.mark.parametrize("path", modules(NNLIB / "widgets"), ids=lambda p: p.name)
def test_widgets_do_not_import_checks(path):
    upward = {m for m in imported_modules(path) if m.startswith("nnlib.checks")}
    assert not upward, f"widgets/{path.name} imports {upward}"
