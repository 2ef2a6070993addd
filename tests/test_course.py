"""The lesson generator: stubs, tags, metadata, sync with the committed lessons, and never losing work."""

import re

import nbformat
import pytest

from nnlib import course
from nnlib.course import MarkerError, build, make_lesson, strip_solutions

from .conftest import ROOT


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(make(source))
    return nb


EXERCISE = notebook(
    ("md", "### Exercise 9.1: add"),
    ("code", "def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION"),
    ("code", "check_add(add)"),
    ("code", "from somewhere import add"),
)


def test_solution_region_becomes_a_named_stub_keeping_indentation():
    lesson = make_lesson(EXERCISE, "09_demo.ipynb")
    assert lesson.cells[2].source == (
        'def add(a, b):\n    # YOUR CODE HERE\n    raise NotImplementedError("Exercise 9.1: add")'
    )


def test_exercise_and_check_cells_are_tagged_and_only_they():
    tags = [cell.metadata.get("tags", []) for cell in make_lesson(EXERCISE, "09_demo.ipynb").cells]
    assert tags == [[], [], ["raises-exception"], ["raises-exception"], []]


def test_every_lesson_starts_with_the_colab_cell_which_does_nothing_elsewhere():
    for path in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")):
        first_code = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert first_code.source == course.COLAB_SETUP, path.name
    namespace = {}
    exec(course.COLAB_SETUP, namespace)  # not on Colab: installs nothing, imports nothing from Colab
    assert "subprocess" not in namespace


def test_outputs_cleared_and_metadata_normalised():
    solution = nbformat.read(ROOT / "solutions" / "01_biological_neuron.ipynb", as_version=4)
    assert any(cell.get("outputs") for cell in solution.cells if cell.cell_type == "code")
    lesson = make_lesson(solution, "01_biological_neuron.ipynb")
    for cell in lesson.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
        assert "BEGIN SOLUTION" not in cell.source
    assert lesson.metadata.kernelspec.name == "python3"
    nbformat.validate(lesson)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("### BEGIN SOLUTION\nx = 1", "is never closed"),
        ("x = 1\n### END SOLUTION", "line 2: ### END SOLUTION without a ### BEGIN SOLUTION"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "line 2: a second ### BEGIN SOLUTION"),
    ],
)
def test_malformed_markers_name_the_notebook_and_cell(source, problem):
    bad = notebook(("md", "### Exercise 9.1: add"), ("code", "x = 0"), ("code", source))
    with pytest.raises(MarkerError, match=rf"09_bad.ipynb, cell 3.*{problem}"):
        make_lesson(bad, "09_bad.ipynb")


def test_a_region_without_an_exercise_heading_is_refused():
    with pytest.raises(MarkerError, match="09_bad.ipynb, cell 1: a solution region with no"):
        make_lesson(notebook(("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION")), "09_bad.ipynb")


def test_strip_solutions_handles_several_regions():
    source = "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nprint(a)\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION"
    assert strip_solutions(source, "Exercise 1.1: x", "t").count("raise NotImplementedError") == 2


def test_committed_lessons_are_exactly_what_solutions_generate():
    outcomes = build(ROOT / "solutions", ROOT / "lessons", check=True)
    assert len(outcomes) >= 2
    assert [o for o in outcomes if o.status != "unchanged"] == []


@pytest.fixture
def course_dirs(tmp_path):
    solutions, lessons = tmp_path / "solutions", tmp_path / "lessons"
    solutions.mkdir()
    nbformat.write(EXERCISE, solutions / "09_demo.ipynb")
    return solutions, lessons


def test_build_writes_then_leaves_unchanged_lessons_alone(course_dirs):
    solutions, lessons = course_dirs
    assert [o.status for o in build(solutions, lessons)] == ["written"]
    assert [o.status for o in build(solutions, lessons)] == ["unchanged"]


def test_build_never_overwrites_a_learners_work(course_dirs):
    solutions, lessons = course_dirs
    build(solutions, lessons)
    lesson_path = lessons / "09_demo.ipynb"
    worked = nbformat.read(lesson_path, as_version=4)
    worked.cells[2].source = "def add(a, b):\n    return a + b  # my answer"
    nbformat.write(worked, lesson_path)
    before = lesson_path.read_text()
    changed = nbformat.read(solutions / "09_demo.ipynb", as_version=4)
    changed.cells[0].source += "\nNow with more text."
    nbformat.write(changed, solutions / "09_demo.ipynb")

    outcome = build(solutions, lessons)[0]
    assert outcome.status == "refused" and "edited" in outcome.detail
    assert lesson_path.read_text() == before
    assert course.main(["build", "--solutions", str(solutions), "--lessons", str(lessons)]) == 1

    forced = build(solutions, lessons, force=True)[0]
    assert forced.status == "written" and "backup" in forced.detail
    backups = list(lessons.glob("09_demo.backup-*.ipynb"))
    assert len(backups) == 1 and backups[0].read_text() == before


def test_a_run_lesson_counts_as_worked_in(course_dirs):
    solutions, lessons = course_dirs
    build(solutions, lessons)
    run = nbformat.read(lessons / "09_demo.ipynb", as_version=4)
    run.cells[4].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nbformat.write(run, lessons / "09_demo.ipynb")
    changed = nbformat.read(solutions / "09_demo.ipynb", as_version=4)
    changed.cells[0].source += " (updated)"
    nbformat.write(changed, solutions / "09_demo.ipynb")
    assert build(solutions, lessons)[0].detail == "it has outputs (it has been run)"


def test_check_mode_reports_drift_and_writes_nothing(course_dirs, capsys):
    solutions, lessons = course_dirs
    args = ["build", "--check", "--solutions", str(solutions), "--lessons", str(lessons)]
    assert course.main(args) == 1
    assert not lessons.exists()
    assert "missing" in capsys.readouterr().out


def test_malformed_markers_stop_the_command_with_exit_code_2(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    nbformat.write(
        notebook(("md", "### Exercise 9.1: a"), ("code", "### BEGIN SOLUTION")),
        tmp_path / "solutions" / "09_x.ipynb",
    )
    args = ["build", "--solutions", str(tmp_path / "solutions"), "--lessons", str(tmp_path / "lessons")]
    assert course.main(args) == 2
    assert "09_x.ipynb, cell 2" in capsys.readouterr().err


def test_committed_schedule_matches_the_lessons_time_estimates():
    expected = course.schedule(course.lesson_times(ROOT / "solutions"))
    assert (ROOT / "instructors" / "schedule.md").read_text() == expected, (
        "instructors/schedule.md is stale: run python -m nnlib.course schedule"
    )


def test_readme_lesson_table_matches_the_lessons():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d\d) \| `(\w+)` \|.*\| (\d+) \+ (\d+) min \|$", readme, re.MULTILINE)
    in_readme = {name: (int(teaching), int(exercises)) for _, name, teaching, exercises in rows}
    in_lessons = {t.name: (t.teaching, t.exercises) for t in course.lesson_times(ROOT / "solutions")}
    assert in_readme == in_lessons


def test_schedule_adds_breaks_and_lunch():
    times = [course.LessonTime(f"0{i}_x", f"Lesson {i}", 40, 30) for i in range(5)]
    plan = course.schedule(times, start="09:00", setup=0)
    assert "| 10:10 | 10:25 | break | 15 |" in plan  # the next lesson would end 140 min after the start
    assert "| 13:00 | 14:00 | lunch | 60 |" in plan
    assert plan.count("| Lesson ") == 5


def test_lesson_times_needs_the_header(tmp_path):
    nbformat.write(notebook(("md", "# Title only")), tmp_path / "07_x.ipynb")
    with pytest.raises(ValueError, match="07_x.ipynb, cell 1 needs"):
        course.lesson_times(tmp_path)


def test_readme_binder_and_colab_links_use_the_repository_address():
    slug = course.REPOSITORY.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text()
    assert readme.count(f"mybinder.org/v2/gh/{slug}/main") == 2
    assert f"colab.research.google.com/github/{slug}/blob/main/lessons/" in readme


def test_stored_widget_outputs_are_notes_in_cells_whose_output_nbval_ignores():
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                assert course.WIDGET_VIEW not in output.get("data", {}), path.name
                if output.get("data", {}).get("text/plain") == course.PLAYGROUND_NOTE:
                    assert "nbval-ignore-output" in cell.metadata.get("tags", []), path.name


def test_every_exercise_cell_carries_its_id_and_role():
    lesson = make_lesson(EXERCISE, "09_demo.ipynb")
    assert [cell.metadata.get("nnlib") for cell in lesson.cells] == [
        None,
        None,  # the Colab cell
        {"exercise": "9.1", "role": "exercise", "title": "add"},
        {"exercise": "9.1", "role": "check"},
        None,  # imports from somewhere, not from nnlib: no hand-over
    ]


def test_roles_of_predictions_reveals_and_hand_overs():
    nb = notebook(
        ("md", "### Exercise 9.1: guess"),
        ("code", "def predicted_value():\n    ### BEGIN SOLUTION\n    return 3\n    ### END SOLUTION"),
        ("code", "check_guess(predicted_value)"),
        ("code", "if predictions_made(predicted_value):\n    print(3)"),
        ("md", "### Exercise 9.2: predict_class"),
        ("code", "def predict_class(p):\n    ### BEGIN SOLUTION\n    return p > 0.5\n    ### END SOLUTION"),
        ("code", "check_predict_class(predict_class)"),
        ("code", "from nnlib.checks.lesson09 import something\nfrom nnlib.prediction import predict_class"),
    )
    roles = {i: (r["exercise"], r["role"]) for i, r in course.cell_roles(nb, "09_demo.ipynb").items()}
    assert roles == {
        1: ("9.1", "prediction"),  # a parameterless predict*_ function returning the learner's guess
        2: ("9.1", "check"),
        3: ("9.1", "reveal"),
        5: ("9.2", "exercise"),  # predict_class takes an argument: it is code to write
        6: ("9.2", "check"),
        7: ("9.2", "hand-over"),
    }


def test_every_lesson_exercise_has_one_exercise_cell_and_one_check_cell():
    for path in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        roles = [cell.metadata["nnlib"] for cell in cells if "nnlib" in cell.metadata]
        exercises = [r["exercise"] for r in roles if r["role"] in ("exercise", "prediction")]
        checks = [r["exercise"] for r in roles if r["role"] == "check"]
        assert exercises and exercises == checks == sorted(set(exercises), key=course._exercise_key), path.name
        assert {r["role"] for r in roles} <= set(course.ROLES), path.name
        for cell in cells:
            role = cell.metadata.get("nnlib", {}).get("role")
            if role in ("exercise", "prediction"):
                assert "# YOUR CODE HERE" in cell.source, path.name
            if role == "check":
                assert "check_" in cell.source, path.name


def test_check_and_force_together_are_refused(course_dirs, capsys):
    solutions, lessons = course_dirs
    with pytest.raises(ValueError, match="choose one"):
        build(solutions, lessons, check=True, force=True)
    args = ["build", "--check", "--force", "--solutions", str(solutions), "--lessons", str(lessons)]
    with pytest.raises(SystemExit) as stopped:
        course.main(args)
    assert stopped.value.code == 2 and "use one or the other" in capsys.readouterr().err
    assert not lessons.exists()


def test_schedule_of_no_lessons_is_an_error_and_writes_nothing(tmp_path, capsys):
    output = tmp_path / "schedule.md"
    assert course.main(["schedule", "--solutions", str(tmp_path), "--output", str(output)]) == 2
    assert "no lesson notebooks" in capsys.readouterr().err and not output.exists()
    with pytest.raises(ValueError, match="schedule: no lessons"):
        course.schedule([])


def test_nbgrader_source_marks_solution_and_grade_cells(tmp_path):
    written = course.write_nbgrader_course(ROOT / "solutions", tmp_path)
    names = [p.stem for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))]
    assert [(o.lesson.parent.name, o.status) for o in written] == [(name, "written") for name in names]
    source = nbformat.read(tmp_path / "source" / "00_setup_check" / "00_setup_check.ipynb", as_version=4)
    graded = [
        (c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"]["solution"])
        for c in source.cells
        if "nbgrader" in c.metadata
    ]
    assert graded == [("exercise_0_1", True), ("check_0_1", False)]
    assert all(not c.get("outputs") for c in source.cells if c.cell_type == "code")
    assert (tmp_path / "nbgrader_config.py").exists()
    mine = tmp_path / "source" / "00_setup_check" / "00_setup_check.ipynb"
    mine.write_text(mine.read_text().replace('"points": 1', '"points": 5'))
    before = mine.read_text()
    assert course.main(["nbgrader", str(tmp_path)]) == 1  # the instructor's 5 points are kept
    assert mine.read_text() == before
    assert course.main(["nbgrader", str(tmp_path), "--force"]) == 0 and '"points": 1' in mine.read_text()


@pytest.mark.notebooks
@pytest.mark.filterwarnings("ignore:Object of type:Warning")  # nbgrader's own SQLAlchemy session notes
def test_real_nbgrader_generates_every_assignment_and_grades_a_submission(tmp_path, monkeypatch):
    """nbgrader's own generate_assignment over every lesson, then autograde of a solved and an unsolved 00."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    course.write_nbgrader_course(ROOT / "solutions", tmp_path)
    monkeypatch.chdir(tmp_path)
    api = NbGraderAPI(coursedir=CourseDirectory(root=str(tmp_path)))
    names = sorted(p.name for p in (tmp_path / "source").iterdir())
    for name in names:
        result = api.generate_assignment(name, force=True)
        assert result["success"], result.get("error") or result.get("log")
        released = nbformat.read(tmp_path / "release" / name / f"{name}.ipynb", as_version=4)
        assert not any("BEGIN SOLUTION" in cell.source for cell in released.cells), name
    release = nbformat.read(tmp_path / "release" / "00_setup_check" / "00_setup_check.ipynb", as_version=4)
    for student, answer in [("solved", "return 2 * x"), ("unsolved", None)]:
        nb = nbformat.from_dict(release)
        for cell in nb.cells:
            if answer and cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = cell.source.replace("# YOUR CODE HERE\n    raise NotImplementedError()", answer)
        (tmp_path / "submitted" / student / "00_setup_check").mkdir(parents=True)
        nbformat.write(nb, tmp_path / "submitted" / student / "00_setup_check" / "00_setup_check.ipynb")
        assert api.autograde("00_setup_check", student, force=True)["success"]
    with api.gradebook as gradebook:
        scores = {s: gradebook.find_submission("00_setup_check", s).score for s in ("solved", "unsolved")}
    assert scores == {"solved": 1.0, "unsolved": 0.0}
