"""The learner's side of every lesson.

Each generated lesson runs top to bottom in a fresh kernel (the hand-over cells make that possible),
every check in it fails with "not attempted yet" (an exercise cannot pass untouched), and every
check in the matching solution passes. nbval separately compares the solutions' stored outputs (and
draws their figures, so the lessons run here build theirs without drawing them to images).
"""

import nbformat
import pytest

from nnlib.notebook_run import NO_FIGURES, run_notebook

from .conftest import ROOT

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def exercise_and_check_cells(nb):
    """Pairs (exercise cell, check cell), found by the roles the build writes into each cell's metadata."""
    roles = {}
    for cell in nb.cells:
        role = cell.metadata.get("nnlib", {})
        if role.get("role") in ("exercise", "prediction", "check"):
            roles.setdefault(role["exercise"], []).append(cell)
    return [tuple(cells) for cells in roles.values()]


def errors(cell):
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def test_there_are_lessons():
    assert len(LESSONS) >= 2


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_to_the_end_and_every_check_says_not_attempted(path):
    nb = nbformat.read(path, as_version=4)
    run_notebook(nb, path.parent, name=path.name, env=NO_FIGURES)  # nbval draws the same figures in solutions/
    pairs = exercise_and_check_cells(nb)
    assert pairs, f"{path.name} has no exercises"
    for _, cell in pairs:
        assert "check_" in cell.source, f"{path.name}: the cell after an exercise is not its check"
        names = [e.ename for e in errors(cell)]
        assert names == ["NotAttemptedError"], f"{path.name}: check cell did not fail as not attempted:\n{cell.source}"
        assert "not attempted yet" in errors(cell)[0].evalue
    last_code = [cell for cell in nb.cells if cell.cell_type == "code"][-1]
    assert last_code.execution_count is not None, "the lesson stopped before its last cell"


@pytest.mark.parametrize("path", [ROOT / "solutions" / p.name for p in LESSONS], ids=lambda p: p.stem)
def test_every_solution_check_passes_in_the_stored_outputs(path):
    nb = nbformat.read(path, as_version=4)
    lesson = nbformat.read(ROOT / "lessons" / path.name, as_version=4)
    check_ids = {check.id for _, check in exercise_and_check_cells(lesson)}
    assert check_ids
    for cell in nb.cells:
        if cell.id in check_ids:
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert not errors(cell) and "checks passed" in text, f"{path.name}: {cell.source}"
