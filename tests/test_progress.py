"""python -m nnlib.progress: one learner (runs the lessons in memory) and a class (reads saved outputs).

The class tests build synthetic learners' folders from the generated lessons and give their cells the
outputs a learner's run leaves behind, so no kernel is started; only the single-learner test runs one.
"""

import hashlib
import json
import os
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
    by_exercise = {s.label: s for s in statuses}
    assert str(by_exercise["Exercise 1.1: weighted_sum"]) == "passed (6/6 checks)"
    assert str(by_exercise["Exercise 1.2: step"]).startswith("failed: check 3 of 5 (a sum of exactly zero)")
    assert str(by_exercise["Exercise 1.3: weights for OR"]).startswith("failed: the exercise cell raised SyntaxError")
    assert str(by_exercise["Exercise 1.4: weights for NAND"]) == "not attempted"
    assert str(by_exercise["Exercise 1.5: predict four neurons"]) == "not attempted"


@pytest.mark.notebooks
def test_a_broken_notebook_is_reported_and_the_rest_carry_on(report):
    statuses, _, _ = report
    broken = [s for s in statuses if s.lesson == "02_broken"]
    assert len(broken) == 1 and broken[0].state == "unreadable" and "cannot read it" in broken[0].detail
    assert len(statuses) == 6


@pytest.mark.notebooks
def test_the_learners_notebook_is_not_modified(report):
    _, before, path = report
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.notebooks
def test_table_summary_and_json(report):
    table = progress.format_table(report[0])
    assert table.splitlines()[0].split() == ["lesson", "exercise", "status"]
    assert table.endswith("1 of 6 exercises passed.")
    as_json = progress.single_report("me", report[0])
    assert as_json["learners"]["me"]["1.1"] == {"status": "passed", "detail": "6/6 checks"}
    assert as_json["exercises"]["1.2"]["stuck"] == ["me"]
    assert "cannot read it" in as_json["problems"][0]["problem"]


@pytest.mark.notebooks
def test_kernel_start_up_warnings_stay_out_of_the_report(capfd):
    progress.main([str(ROOT / "solutions" / "00_setup_check.ipynb")])
    out, err = capfd.readouterr()
    assert "1 of 1 exercises passed." in out
    assert "WARNING" not in err and "TCP" not in err and err.strip() == "checking 00_setup_check.ipynb ..."


def test_missing_check_cell_is_reported():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def f(): pass")]
    nb.cells[0].metadata["nnlib"] = {"exercise": "9.1", "role": "exercise", "title": "f"}
    assert progress.find_exercises(nb) == [progress.Exercise("9.1", "f", 0, None)]
    [status] = progress.statuses_of(nb, "09_x")
    assert status.state == "unreadable" and "check cell is missing" in status.detail


def test_command_line_rejects_a_missing_path(capsys):
    assert progress.main(["no/such/folder.ipynb"]) == 2
    assert "is not a notebook or a folder" in capsys.readouterr().err
    assert progress.main(["--class", "no/such/learner"]) == 2
    assert "not a folder: no/such/learner" in capsys.readouterr().err


def test_every_solution_passes_in_its_stored_outputs():
    """The solutions as saved (nbval keeps their outputs current): every exercise passed, none run again."""
    statuses = [
        status
        for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
        for status in progress.statuses_of(progress.read_saved(path), path.stem)
    ]
    assert len(statuses) >= 44
    assert [str(s) for s in statuses if s.state != "passed"] == []


# ---- the class view over synthetic learners' folders -------------------------------------------------


def saved(lesson, results):
    """A generated lesson as a learner saves it: ``results`` maps an exercise to what its cells show."""
    nb = nbformat.read(ROOT / "lessons" / f"{lesson}.ipynb", as_version=4)
    for cell in nb.cells:
        role = cell.metadata.get("nnlib", {})
        result = results.get(role.get("exercise"))
        if result is None or role.get("role") not in ("exercise", "prediction", "check"):
            continue
        if role["role"] != "check":
            if result != "not attempted":
                cell.source = cell.source.replace("raise NotImplementedError(", "return (")
            continue
        cell.execution_count = 1 if result != "not run" else None
        if result == "passed":
            cell.outputs = [nbformat.v4.new_output("stream", text="f: 5/5 checks passed\n")]
        elif result == "failed":
            text = "f: check 2 of 5 failed (a negative input): expected 0, got -1"
            cell.outputs = [nbformat.v4.new_output("error", ename="CheckFailed", evalue=text, traceback=[])]
        elif result == "not attempted":
            text = "f: not attempted yet"
            cell.outputs = [nbformat.v4.new_output("error", ename="NotAttemptedError", evalue=text, traceback=[])]
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """Four learners: ordinary work, a nested hub home with a broken lesson, bad files, and nothing."""
    root = tmp_path_factory.mktemp("room")
    ada = root / "ada"
    write(saved("00_setup_check", {"0.1": "passed"}), ada / "lessons" / "00_setup_check.ipynb")
    write(
        saved("01_biological_neuron", {"1.1": "passed", "1.2": "failed", "1.3": "not run", "1.4": "not attempted"}),
        ada / "lessons" / "01_biological_neuron.ipynb",
    )
    bob = root / "bob"
    course = bob / "neurons-to-networks"
    write(saved("00_setup_check", {"0.1": "failed"}), course / "lessons" / "00_setup_check.ipynb")
    (course / "lessons" / "01_biological_neuron.ipynb").write_text('{"cells": [{"cell_type": "code", "sour')
    (course / "solutions").mkdir()
    shutil.copy(ROOT / "solutions" / "00_setup_check.ipynb", course / "solutions" / "00_setup_check.ipynb")
    (course / "lessons" / ".ipynb_checkpoints").mkdir()
    write(
        saved("00_setup_check", {"0.1": "passed"}), course / "lessons" / ".ipynb_checkpoints" / "00_setup_check.ipynb"
    )
    cy = root / "cy"
    huge = saved("00_setup_check", {"0.1": "passed"})
    huge.cells[-1].outputs = [nbformat.v4.new_output("display_data", data={"image/png": "A" * 50_000_000})]
    write(huge, cy / "00_setup_check.ipynb")
    text = nbformat.writes(saved("01_biological_neuron", {"1.1": "passed"}))
    (cy / "01_biological_neuron.ipynb").write_text(text[: len(text) // 2])  # half-saved
    (cy / "02_perceptron.ipynb").write_text("")
    (cy / "03_sigmoid_prediction.ipynb").symlink_to(cy / "gone.ipynb")  # cannot be opened
    odd = saved("04_learning_from_error", {})
    odd.cells[5].metadata["nnlib"] = "not a dict"
    write(odd, cy / "04_learning_from_error.ipynb")
    (root / "dee").mkdir()
    files = sorted(p for p in root.rglob("*") if p.is_file())
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}
    result = progress.class_progress([ada, bob, cy, root / "dee"])
    return root, result, before


def test_class_table_gives_each_learner_each_exercise(room):
    _, result, _ = room
    ada, bob, cy, dee = (result["learners"][name] for name in ("ada", "bob", "cy", "dee"))
    assert ada["0.1"] == {"status": "passed", "detail": "5/5 checks"}
    assert ada["1.1"]["status"] == "passed"
    assert ada["1.2"] == {"status": "failed", "detail": "check 2 of 5 (a negative input): expected 0, got -1"}
    assert ada["1.3"]["status"] == "not run" and "check has not been run" in ada["1.3"]["detail"]
    assert ada["1.4"]["status"] == ada["1.5"]["status"] == "not attempted"
    assert bob["0.1"]["status"] == "failed"  # from lessons/, not from solutions/ or a checkpoint
    assert bob["1.1"]["status"] == "unreadable" and "JSON" in bob["1.1"]["detail"]
    assert cy["0.1"]["status"] == "passed"  # the 50 MB image is cut while reading, the check still counts
    assert cy["1.1"]["status"] == "unreadable"
    assert dee["0.1"] == {"status": "not attempted", "detail": "no notebook 00_setup_check.ipynb"}


def test_class_summary_per_exercise(room):
    _, result, _ = room
    first = result["exercises"]["0.1"]
    assert first["title"] == "double" and first["lesson"] == "00_setup_check"
    assert (first["passed"], first["failed"], first["not attempted"], first["stuck"]) == (2, 1, 1, ["bob"])
    assert result["exercises"]["1.2"]["stuck"] == ["ada"]
    assert list(result["exercises"]) == ["0.1", "1.1", "1.2", "1.3", "1.4", "1.5"]


def test_every_bad_notebook_is_reported_and_the_rest_carry_on(room):
    _, result, _ = room
    problems = {(p["learner"], os.path.basename(p["notebook"])): p["problem"] for p in result["problems"]}
    assert "half-saved" in problems[("bob", "01_biological_neuron.ipynb")]
    assert "half-saved" in problems[("cy", "01_biological_neuron.ipynb")]
    assert "empty" in problems[("cy", "02_perceptron.ipynb")]
    assert "FileNotFoundError" in problems[("cy", "03_sigmoid_prediction.ipynb")]
    assert "AttributeError" in problems[("cy", "04_learning_from_error.ipynb")]
    assert problems[("dee", "dee")] == "no lesson notebooks found"


def test_learners_files_are_never_written(room):
    root, _, before = room
    files = sorted(p for p in root.rglob("*") if p.is_file())
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}
    assert after == before


def test_command_line_prints_the_class_table_json_and_heatmap(room, tmp_path, capsys):
    root, result, _ = room
    learners = [str(root / name) for name in ("ada", "bob", "cy", "dee")]
    assert progress.main(["--class", *learners, "--json", "--heatmap", str(tmp_path / "room.png")]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == json.loads(json.dumps(result))
    assert (tmp_path / "room.png").read_bytes()[:4] == b"\x89PNG"
    assert progress.main(["--class", *learners]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[1].split()[:3] == ["ada", "+", "+"]
    assert "0.1 double" in table and "bob (check 2 of 5" in table
    assert "problem: cy:" in table


def test_class_and_own_lessons_together_are_refused(tmp_path):
    with pytest.raises(SystemExit):
        progress.main(["lessons", "--class", str(tmp_path)])


def test_a_lessons_folder_wins_over_stray_copies(tmp_path):
    write(saved("00_setup_check", {"0.1": "failed"}), tmp_path / "old" / "00_setup_check.ipynb")
    write(saved("00_setup_check", {"0.1": "passed"}), tmp_path / "course" / "lessons" / "00_setup_check.ipynb")
    assert progress.learner_notebooks(tmp_path) == {
        "00_setup_check": tmp_path / "course" / "lessons" / "00_setup_check.ipynb"
    }
