"""Updating the course never breaks or drops a learner's notebook, on every documented path.

The scenario, end to end: the course is published in a local bare repository; a learner clones it,
answers exercises, adds cells of their own and runs the notebooks (outputs saved); the course then
changes the same notebooks (text edited, a code cell edited, new cells in the middle and at the end,
as lessons 06 and 07 did); the learner updates. Afterwards every notebook must be a valid notebook
that keeps every edit of the learner and has the course's changes wherever the learner did not edit.

Paths: ``git pull`` with nbdime's merge driver, ``python -m nnlib.course update`` and nbgitpuller (the
hubs' tool, driven through its ``GitPuller`` class). Plain ``git pull`` without the driver is shown to
break notebooks: that is why the course sets the driver up.

Tests whose merge runs the driver carry the ``notebooks`` marker: git starts one Python process per
merged notebook (about 2.5 s of CPU each, most of it importing nbformat), too slow for the everyday loop.
"""

import shutil
import subprocess

import nbformat
import pytest

from nnlib import course, updates

from .conftest import ROOT

LESSONS = ["00_setup_check.ipynb", "01_biological_neuron.ipynb"]
ANSWER_00 = "return x * 2  # my answer"
ANSWER_01 = "return np.dot(x, w) + b  # mine"
MY_NOTE = "My note: doubling works for arrays too, element by element."
COURSE_TEXT = "Course update: a clearer sentence about the doctor."
COURSE_CELL = "print('a new cell from the course')"
COURSE_END = "## New section added by the course"
MY_CODE = "print(weighted_sum(np.array([1.0, 2.0]), np.array([0.5, 0.5])))  # my own try"
NBDIME_MARKER = '<span style="color:red"><b>'  # nbdime's inline strategy: markdown cells around a conflict
JUPYTER_LANGUAGE_INFO = {  # what JupyterLab writes into a notebook it saves
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.2",
}


def git(repo, *args):
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}{done.stdout}"
    return done.stdout


def identity(repo):
    git(repo, "config", "user.name", "Tester")
    git(repo, "config", "user.email", "tester@localhost")


def cell(nb, cell_id):
    return next(c for c in nb.cells if c.id == cell_id)


@pytest.fixture
def published(tmp_path):
    """The maintainers' working copy and the bare repository learners clone from (file://, no network)."""
    upstream = tmp_path / "upstream"
    (upstream / "lessons").mkdir(parents=True)
    for name in LESSONS:
        shutil.copy(ROOT / "lessons" / name, upstream / "lessons" / name)
    shutil.copy(ROOT / ".gitattributes", upstream / ".gitattributes")
    git(upstream, "init", "--quiet", "--initial-branch", "main")
    identity(upstream)
    git(upstream, "add", ".")
    git(upstream, "commit", "--quiet", "-m", "course v1")
    bare = tmp_path / "course.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(upstream), str(bare))
    git(upstream, "remote", "add", "origin", str(bare))
    return upstream, bare


def learner_works(clone):
    """Answers two exercises, adds a cell of their own, and runs the notebooks (outputs and counts saved)."""
    path = clone / "lessons" / LESSONS[0]
    nb = nbformat.read(path, as_version=4)
    exercise = cell(nb, "ce69d93c")
    exercise.source = exercise.source.replace('raise NotImplementedError("Exercise 0.1: double")', ANSWER_00)
    for count, code in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        code.execution_count = count
    check = cell(nb, "6c01e0d2")
    check.outputs = [nbformat.v4.new_output("stream", text="double: 4/4 checks passed\n")]
    note = nbformat.v4.new_markdown_cell(MY_NOTE)
    nb.cells.insert(nb.cells.index(check) + 1, note)
    nb.metadata["language_info"] = JUPYTER_LANGUAGE_INFO
    nbformat.write(nb, path)
    path = clone / "lessons" / LESSONS[1]
    nb = nbformat.read(path, as_version=4)
    exercise = cell(nb, "a5e7d212")
    exercise.source = exercise.source.replace('raise NotImplementedError("Exercise 1.1: weighted_sum")', ANSWER_01)
    cell(nb, "c62f7552").outputs = [nbformat.v4.new_output("stream", text="weighted_sum: 6/6 checks passed\n")]
    nb.cells.append(nbformat.v4.new_code_cell(MY_CODE))  # at the end, where the course adds cells too
    nb.metadata["language_info"] = JUPYTER_LANGUAGE_INFO
    nbformat.write(nb, path)
    return note.id


def course_changes(upstream, *, also_the_exercise=False):
    """The course edits text and code, inserts cells in the middle and at the end, and publishes."""
    path = upstream / "lessons" / LESSONS[0]
    nb = nbformat.read(path, as_version=4)
    cell(nb, "920325b2").source += "\n\n" + COURSE_TEXT
    plot = cell(nb, "af62ba73")
    plot.source = plot.source.replace("import numpy as np", "import numpy as np  # arrays")
    new = nbformat.v4.new_code_cell(COURSE_CELL)
    new.id = "course-new-cell"
    nb.cells.insert(nb.cells.index(plot) + 1, new)
    end = nbformat.v4.new_markdown_cell(COURSE_END)
    end.id = "course-new-end"
    nb.cells.append(end)
    if also_the_exercise:  # the very line the learner replaced
        exercise = cell(nb, "ce69d93c")
        exercise.source = exercise.source.replace('raise NotImplementedError("Exercise 0.1: double")', "pass  # v2")
    nb.metadata["nnlib"]["cells_sha256"] = course.fingerprint(nb)
    nbformat.write(nb, path)
    path = upstream / "lessons" / LESSONS[1]
    nb = nbformat.read(path, as_version=4)
    cell(nb, "47a62433").source += "\n\n" + COURSE_TEXT
    nb.cells.append(nbformat.v4.new_markdown_cell(COURSE_END))
    nb.metadata["nnlib"]["cells_sha256"] = course.fingerprint(nb)
    nbformat.write(nb, path)
    git(upstream, "commit", "--quiet", "-am", "course v2")
    git(upstream, "push", "--quiet", "origin", "main")


def assert_work_kept_and_course_updated(clone, note_id, *, course_exercise_too=False, both_appended=True):
    for path in (clone / "lessons").glob("*.ipynb"):
        nbformat.validate(nbformat.read(path, as_version=4))  # every notebook opens
    nb = nbformat.read(clone / "lessons" / LESSONS[0], as_version=4)
    assert ANSWER_00 in cell(nb, "ce69d93c").source
    assert "checks passed" in cell(nb, "6c01e0d2").outputs[0]["text"]
    assert any(c.source == MY_NOTE for c in nb.cells), "the learner's own cell is gone"
    assert COURSE_TEXT in cell(nb, "920325b2").source
    assert "# arrays" in cell(nb, "af62ba73").source
    assert any(c.source == COURSE_CELL for c in nb.cells) and nb.cells[-1].source == COURSE_END
    if course_exercise_too:
        assert "pass  # v2" not in cell(nb, "ce69d93c").source
    nb = nbformat.read(clone / "lessons" / LESSONS[1], as_version=4)
    assert ANSWER_01 in cell(nb, "a5e7d212").source and cell(nb, "c62f7552").outputs
    assert any(c.source == MY_CODE for c in nb.cells), "the learner's own cell is gone"
    assert COURSE_TEXT in cell(nb, "47a62433").source
    assert any(c.source == COURSE_END for c in nb.cells) == both_appended
    if both_appended:  # both added a cell at the end: the learner's comes first (nbdime's markers aside)
        assert [c.source for c in nb.cells if not c.source.startswith(NBDIME_MARKER)][-2:] == [MY_CODE, COURSE_END]


def clone_for_learner(bare, tmp_path):
    clone = tmp_path / "learner"
    git(tmp_path, "clone", "--quiet", str(bare), str(clone))
    identity(clone)
    return clone


def test_plain_git_pull_without_the_driver_breaks_notebooks(published, tmp_path):
    """What the README used to say ("commit, then git pull"): conflict markers in the JSON."""
    upstream, bare = published
    clone = clone_for_learner(bare, tmp_path)
    learner_works(clone)
    git(clone, "commit", "--quiet", "-am", "my work")
    course_changes(upstream)
    pulled = subprocess.run(["git", "pull", "--no-rebase"], cwd=clone, capture_output=True, text=True)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout
    assert updates.invalid_notebooks(clone, [f"lessons/{name}" for name in LESSONS])


@pytest.mark.notebooks
def test_git_pull_with_nbdimes_merge_driver(published, tmp_path):
    upstream, bare = published
    clone = clone_for_learner(bare, tmp_path)
    updates.configure_merge_driver(clone)  # what python -m nnlib.course update does first
    note = learner_works(clone)
    git(clone, "commit", "--quiet", "-am", "my work")
    course_changes(upstream)
    git(clone, "pull", "--no-rebase", "--no-edit")
    assert_work_kept_and_course_updated(clone, note)


@pytest.mark.notebooks
def test_course_update_command_commits_pulls_and_merges(published, tmp_path, capsys):
    upstream, bare = published
    clone = clone_for_learner(bare, tmp_path)
    note = learner_works(clone)  # not committed: the command does it
    (clone / "my_experiments.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    course_changes(upstream)
    assert course.main(["update", "--repo", str(clone)]) == 0
    out = capsys.readouterr().out
    assert "Your work was committed first" in out and "updated lessons/00_setup_check.ipynb" in out
    assert_work_kept_and_course_updated(clone, note)
    assert (clone / "my_experiments.ipynb").exists()
    assert git(clone, "status", "--porcelain") == ""
    assert course.main(["update", "--repo", str(clone)]) == 0
    assert "already up to date" in capsys.readouterr().out


@pytest.mark.notebooks
def test_course_update_keeps_yours_where_both_changed_the_same_line(published, tmp_path, capsys):
    """nbdime cannot merge two edits of one line: yours stays, the course's notebook is saved beside it."""
    upstream, bare = published
    clone = clone_for_learner(bare, tmp_path)
    note = learner_works(clone)
    course_changes(upstream, also_the_exercise=True)
    assert course.main(["update", "--repo", str(clone)]) == 0
    assert "00_setup_check.course-update.ipynb" in capsys.readouterr().out
    assert_work_kept_and_course_updated(clone, note, course_exercise_too=True)
    theirs = nbformat.read(clone / "lessons" / "00_setup_check.course-update.ipynb", as_version=4)
    assert "pass  # v2" in cell(theirs, "ce69d93c").source
    assert git(clone, "status", "--porcelain") == ""


def test_the_driver_is_set_up_even_in_a_clone_without_gitattributes(published, tmp_path):
    _, bare = published
    clone = clone_for_learner(bare, tmp_path)
    (clone / ".gitattributes").unlink()  # a clone made before the course had the file
    updates.configure_merge_driver(clone)
    updates.configure_merge_driver(clone)  # twice: nothing doubles
    assert git(clone, "check-attr", "merge", "lessons/00_setup_check.ipynb").strip().endswith("jupyternotebook")
    assert (clone / ".git" / "info" / "attributes").read_text().count(updates.ATTRIBUTE) == 1
    assert (
        git(clone, "config", "merge.jupyternotebook.driver").strip() == updates.DRIVER["merge.jupyternotebook.driver"]
    )


def test_course_update_refuses_outside_a_clone(tmp_path, capsys):
    assert course.main(["update", "--repo", str(tmp_path)]) == 1
    assert "is not a git clone" in capsys.readouterr().err


def pull_with_nbgitpuller(bare, clone):
    from nbgitpuller.pull import GitPuller

    for _ in GitPuller(f"file://{bare}", str(clone), branch="main", depth=1).pull():
        pass


def test_nbgitpuller_alone_keeps_work_but_drops_a_course_cell_where_both_added_one(published, tmp_path):
    """A hub without the driver: nbgitpuller's text merge with -Xours keeps valid notebooks and the
    learner's work, but where both sides added cells at the same place only the learner's stay."""
    upstream, bare = published
    clone = tmp_path / "hub-home" / "course"
    pull_with_nbgitpuller(bare, clone)
    note = learner_works(clone)  # never committed: nbgitpuller commits it
    course_changes(upstream)
    pull_with_nbgitpuller(bare, clone)
    assert_work_kept_and_course_updated(clone, note, both_appended=False)


@pytest.mark.notebooks
def test_nbgitpuller_with_the_driver_in_the_learners_environment(published, tmp_path, monkeypatch):
    """The hub recipe: the driver in the learners' environment, so nbgitpuller's merge uses it."""
    upstream, bare = published
    for name, value in updates.git_environment().items():  # what the hub gives each learner's server
        monkeypatch.setenv(name, value)
    clone = tmp_path / "hub-home" / "course"
    pull_with_nbgitpuller(bare, clone)
    note = learner_works(clone)
    course_changes(upstream, also_the_exercise=True)
    pull_with_nbgitpuller(bare, clone)
    assert_work_kept_and_course_updated(clone, note, course_exercise_too=True)
    assert (clone / "lessons" / "00_setup_check.course-update.ipynb").exists()


def test_course_update_undoes_itself_rather_than_leave_a_broken_notebook(published, tmp_path, capsys):
    """A course release with a broken notebook (a maintainer's mistake) never reaches the learner's files."""
    upstream, bare = published
    clone = clone_for_learner(bare, tmp_path)
    learner_works(clone)
    (upstream / "lessons" / "02_new_lesson.ipynb").write_text('{"cells": [')
    git(upstream, "add", ".")
    git(upstream, "commit", "--quiet", "-m", "a broken release")
    git(upstream, "push", "--quiet", "origin", "main")
    assert course.main(["update", "--repo", str(clone)]) == 1
    err = capsys.readouterr().err
    assert "undone" in err and "lessons/02_new_lesson.ipynb" in err
    assert not (clone / "lessons" / "02_new_lesson.ipynb").exists()
    assert git(clone, "log", "-1", "--format=%s").startswith("My work before the course update")
    nb = nbformat.read(clone / "lessons" / LESSONS[0], as_version=4)
    assert ANSWER_00 in cell(nb, "ce69d93c").source


@pytest.mark.notebooks
def test_a_copy_older_than_the_update_command_follows_the_readmes_one_off_recipe(published, tmp_path):
    """nbdime's own driver, set up by hand as the README says: notebooks stay valid and keep the work;
    where both sides added cells at the same place nbdime shows both inline, and the learner commits."""
    upstream, bare = published
    clone = clone_for_learner(bare, tmp_path)
    (clone / ".gitattributes").unlink()  # the copy predates the file (and the update command)
    git(clone, "config", "merge.jupyternotebook.driver", "git-nbmergedriver merge %O %A %B %L %P")
    (clone / ".git" / "info" / "attributes").write_text("*.ipynb merge=jupyternotebook\n")
    note = learner_works(clone)
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", "my work")
    course_changes(upstream)
    pulled = subprocess.run(["git", "pull", "--no-rebase", "--no-edit"], cwd=clone, capture_output=True, text=True)
    assert pulled.returncode != 0 and "CONFLICT (content): Merge conflict in lessons/01" in pulled.stdout
    git(clone, "commit", "--quiet", "-am", "merged")
    nb = nbformat.read(clone / "lessons" / LESSONS[1], as_version=4)
    markers = [c.source for c in nb.cells if c.source.startswith(NBDIME_MARKER)]
    labels = [m.removeprefix(NBDIME_MARKER).removesuffix("</b></span>") for m in markers]
    assert labels == ["<<<<<<< local", "=======", ">>>>>>> remote"]
    assert_work_kept_and_course_updated(clone, note)
