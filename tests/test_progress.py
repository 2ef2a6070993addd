"""python -m nnlib.progress: reads a learner's notebooks, runs them in memory, never writes them."""

import hashlib
import shutil

import nbformat
import pytest

from nnlib import progress

from .conftest import ROOT


def answer(nb, exercise, code):
    for cell in nb.cells:
        if f'raise NotImplementedError("{exercise}")' in cell.source:
            cell.source = cell.source.replace(f'raise NotImplementedError("{exercise}")', code)
            return
    raise AssertionError(f"no stub for {exercise}")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learner")
    shutil.copy(ROOT / "lessons" / "01_biological_neuron.ipynb", folder)
    path = folder / "01_biological_neuron.ipynb"
    nb = nbformat.read(path, as_version=4)
    answer(nb, "Exercise 1.1: weighted_sum", "return x @ w + b")
    answer(nb, "Exercise 1.2: step", "return 1 if z > 0 else 0")
    answer(nb, "Exercise 1.3: weights for OR", "return np.array([1.0, 1.0]) +")  # a syntax error
    nbformat.write(nb, path)
    (folder / "02_broken.ipynb").write_text('{"cells": [')
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    statuses = progress.lesson_progress(path) + progress.lesson_progress(folder / "02_broken.ipynb")
    return statuses, before, path


@pytest.mark.notebooks
def test_each_exercise_gets_its_own_status(report):
    statuses, _, _ = report
    by_exercise = {s.exercise: s for s in statuses}
    assert str(by_exercise["Exercise 1.1: weighted_sum"]) == "passed (6/6 checks)"
    assert str(by_exercise["Exercise 1.2: step"]).startswith("failed: check 3 of 5 (a sum of exactly zero)")
    assert str(by_exercise["Exercise 1.3: weights for OR"]).startswith("failed: the exercise cell raised SyntaxError")
    assert str(by_exercise["Exercise 1.4: weights for NAND"]) == "not attempted"
    assert str(by_exercise["Exercise 1.5: predict four neurons"]) == "not attempted"


@pytest.mark.notebooks
def test_a_broken_notebook_is_reported_and_the_rest_carry_on(report):
    statuses, _, _ = report
    broken = [s for s in statuses if s.lesson == "02_broken"]
    assert len(broken) == 1 and broken[0].state == "not checked" and "cannot read it" in broken[0].detail
    assert len(statuses) == 6


@pytest.mark.notebooks
def test_the_learners_notebook_is_not_modified(report):
    _, before, path = report
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.notebooks
def test_table_and_summary(report):
    table = progress.format_table(report[0])
    assert table.splitlines()[0].split() == ["lesson", "exercise", "status"]
    assert table.endswith("1 of 6 exercises passed.")


def test_missing_check_cell_is_reported():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("### Exercise 9.1: f"),
        nbformat.v4.new_code_cell("def f(): pass"),
    ]
    assert progress.find_exercises(nb) == [("Exercise 9.1: f", 1, None)]


def test_command_line_rejects_a_missing_path(capsys):
    assert progress.main(["no/such/folder.ipynb"]) == 2
    assert "is not a notebook or a folder" in capsys.readouterr().err


def test_a_figure_between_the_heading_and_the_exercise_does_not_shift_the_cells():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("### Exercise 9.1: f\nLook at the figure, then answer."),
        nbformat.v4.new_code_cell("plot_something()\nplt.show()"),
        nbformat.v4.new_code_cell("def f():\n    return 1"),
        nbformat.v4.new_code_cell("from nnlib.checks import check_f\n\ncheck_f(f)"),
        nbformat.v4.new_code_cell("from nnlib.f import f"),
        nbformat.v4.new_markdown_cell("### Exercise 9.2: g"),
        nbformat.v4.new_code_cell("def g():\n    return 2"),
        nbformat.v4.new_code_cell("check_g(g)"),
    ]
    assert progress.find_exercises(nb) == [("Exercise 9.1: f", 2, 3), ("Exercise 9.2: g", 6, 7)]


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """Every finished lesson (the solutions), as a learner would check them, with what was printed."""
    return [progress.lesson_progress(path) for path in sorted((ROOT / "solutions").glob("0[0-4]_*.ipynb"))]


@pytest.mark.notebooks
def test_every_exercise_of_every_finished_lesson_counts_as_passed(finished):
    statuses = [status for lesson in finished for status in lesson]
    assert len(finished) == 5 and len(statuses) == 23
    assert [str(s) for s in statuses if s.state != "passed"] == []


@pytest.mark.notebooks
def test_kernel_start_up_warnings_stay_out_of_the_report(capfd):
    progress.main([str(ROOT / "solutions" / "00_setup_check.ipynb")])
    out, err = capfd.readouterr()
    assert "1 of 1 exercises passed." in out
    assert "WARNING" not in err and "TCP" not in err and err.strip() == "checking 00_setup_check.ipynb ..."
