"""Write the learner notebooks in ``lessons/`` from the complete ones in ``solutions/``.

``solutions/`` is the single source of the course. In a solution notebook each answer sits between
nbgrader's markers::

    ### BEGIN SOLUTION
    return x @ w + b
    ### END SOLUTION

and the exercise is announced by a markdown heading ``### Exercise 1.1: weighted_sum`` above it.
The learner's copy replaces each region with ``# YOUR CODE HERE`` and
``raise NotImplementedError("Exercise 1.1: weighted_sum")``, clears every output, normalises the
notebook metadata (kernel ``python3``) and tags the exercise cell and the check cell that follows it
``raises-exception``, so the unsolved lesson still runs from top to bottom. Its first code cell
installs the course when the lesson is opened on Google Colab (and does nothing anywhere else).

Usage (from the repository root)::

    python -m nnlib.course build           # write lessons/, never over a lesson you have worked in
    python -m nnlib.course build --check   # write nothing; exit 1 if lessons/ is out of date
    python -m nnlib.course build --force   # overwrite worked-in lessons, keeping a backup copy
    python -m nnlib.course execute         # re-run solutions/ and store their outputs (for nbval)
    python -m nnlib.course schedule        # write instructors/schedule.md from the lessons' time estimates
    python -m nnlib.course nbgrader DIR    # write an nbgrader course (DIR/source/NN_name/) from solutions/
    python -m nnlib.course update          # commit your work, pull the new course, merge notebooks cell by cell

A lesson counts as worked in when it has outputs or its cells differ from what was generated (the
generator stores a fingerprint of the cells it wrote in the notebook's metadata).

Every cell that belongs to an exercise carries its identity in its metadata, derived from the markers
and headings at build time (solutions/ itself is not stamped)::

    cell.metadata["nnlib"] == {"exercise": "3.2", "role": "exercise", "title": "sigmoid"}

``role`` is one of

- ``exercise``: the cell holding a solution region (``title`` is the heading's name);
- ``prediction``: the same, for a predict-then-verify task (a function ``predict_*()``/``predicted_*()``
  without parameters that returns the learner's prediction);
- ``check``: the code cell right after it, which grades it;
- ``hand-over``: a later cell importing the library's version of a function an exercise defined
  (``exercise`` is the last one it replaces);
- ``reveal``: a later cell that shows a prediction's answer once it is right
  (``predictions_made(f, check)`` or ``reveal_when_right(check, f, ...)``).

``python -m nnlib.course nbgrader DIR`` writes an nbgrader course folder whose source notebooks are
the solutions with nbgrader's own cell metadata added (exercise and prediction cells are solution
cells, check cells are locked grade cells worth one point each).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
EXERCISE_HEADING = re.compile(r"^#{2,4}\s+Exercise\s+(\d+\.\d+)\s*:\s*(.+?)\s*$", re.MULTILINE)
RAISES = "raises-exception"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
#: Where the course is published; the Colab cell and the README's Binder/Colab links use it.
REPOSITORY = "https://github.com/neurons-to-networks/neurons-to-networks"
COLAB_CELL_ID = "colab-setup"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PLAYGROUND_NOTE = "[playground: run this cell to get its sliders]"
COLAB_SETUP = f"""\
# Running on Google Colab? This installs the course there first. Anywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "git+{REPOSITORY}"], check=True)
    from google.colab import output

    output.enable_custom_widget_manager()  # lets the playgrounds' sliders draw"""


class MarkerError(ValueError):
    """A solution notebook's ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers are malformed."""


@dataclass
class Outcome:
    """What happened to one lesson: ``written``, ``unchanged``, ``refused``, ``drift`` or ``missing``."""

    lesson: Path
    status: str
    detail: str = ""


def strip_solutions(source: str, exercise: str, where: str) -> str:
    """Replace every solution region in one cell's ``source`` with the learner's placeholder.

    Parameters
    ----------
    source : str
        The code cell's text.
    exercise : str
        The label the placeholder names, e.g. ``"Exercise 1.1: weighted_sum"``.
    where : str
        ``"<notebook>, cell <n>"`` for error messages.

    Raises
    ------
    MarkerError
        On a BEGIN without END, an END without BEGIN, or a region nested in another.

    Examples
    --------
    >>> print(strip_solutions("def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION",
    ...                       "Exercise 9.1: f", "demo"))
    def f():
        # YOUR CODE HERE
        raise NotImplementedError("Exercise 9.1: f")
    """
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            if inside:
                raise MarkerError(f"{where}, line {number}: a second {BEGIN} before the first one's {END}")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}# YOUR CODE HERE")
            out.append(f'{indent}raise NotImplementedError("{exercise}")')
        elif stripped.startswith(END):
            if not inside:
                raise MarkerError(f"{where}, line {number}: {END} without a {BEGIN} before it")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MarkerError(f"{where}: {BEGIN} is never closed by {END}")
    return "\n".join(out)


#: The metadata key under which the build writes each cell's exercise and role.
META = "nnlib"
ROLES = ("exercise", "prediction", "check", "hand-over", "reveal")
PREDICTION_FUNCTION = re.compile(r"^predict(ed)?_\w+$")
REVEALERS = {"predictions_made", "reveal_when_right"}


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def cell_roles(notebook: nbformat.NotebookNode, name: str) -> dict[int, dict[str, str]]:
    """Each exercise-related cell's ``{"exercise", "role"[, "title"]}`` (see the module docstring).

    Derived from the solution markers, the ``### Exercise N.M: name`` headings and the names the
    exercise cells define; cells without a role are absent from the result.

    Raises
    ------
    MarkerError
        If a solution region has no exercise heading above it.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("### Exercise 9.1: add"),
    ...     nbformat.v4.new_code_cell("def add(a, b):\\n    ### BEGIN SOLUTION\\n    return a + b\\n"
    ...                               "    ### END SOLUTION"),
    ...     nbformat.v4.new_code_cell("check_add(add)"),
    ...     nbformat.v4.new_code_cell("from nnlib.demo import add")])
    >>> cell_roles(nb, "09_demo.ipynb")  # doctest: +NORMALIZE_WHITESPACE
    {1: {'exercise': '9.1', 'role': 'exercise', 'title': 'add'}, 2: {'exercise': '9.1', 'role': 'check'},
     3: {'exercise': '9.1', 'role': 'hand-over'}}
    """
    roles: dict[int, dict[str, str]] = {}
    defined: dict[str, str] = {}  # function name -> exercise id
    heading: tuple[str, str] | None = None
    check_pending: str | None = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            found = EXERCISE_HEADING.findall(cell.source)
            heading = found[-1] if found else heading
            continue
        if cell.cell_type != "code":
            continue
        tree = _parse(cell.source)
        if BEGIN in cell.source or END in cell.source:
            if heading is None:
                raise MarkerError(
                    f"{name}, cell {index + 1}: a solution region with no '### Exercise N.M: name' heading above it"
                )
            number, title = heading
            functions = [node for node in (tree.body if tree else []) if isinstance(node, ast.FunctionDef)]
            defined.update(dict.fromkeys((f.name for f in functions), number))
            predicts = any(PREDICTION_FUNCTION.match(f.name) and not f.args.args for f in functions)
            kind = "prediction" if predicts else "exercise"
            roles[index] = {"exercise": number, "role": kind, "title": title}
            check_pending = number
        elif check_pending is not None:
            roles[index] = {"exercise": check_pending, "role": "check"}
            check_pending = None
        elif tree is not None:
            revealed = [
                arg.id
                for node in ast.walk(tree)
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in REVEALERS
                for arg in node.args
                if isinstance(arg, ast.Name) and arg.id in defined
            ]
            handed = [
                alias.name
                for node in tree.body
                if isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("nnlib.")
                and not (node.module or "").startswith("nnlib.checks")
                for alias in node.names
                if alias.name in defined
            ]
            if revealed:
                roles[index] = {"exercise": defined[revealed[-1]], "role": "reveal"}
            elif handed:
                roles[index] = {"exercise": max((defined[n] for n in handed), key=_exercise_key), "role": "hand-over"}
    return roles


def _exercise_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def make_lesson(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Return the learner's version of one solution notebook (see the module docstring).

    Raises
    ------
    MarkerError
        If markers are malformed, or a solution region has no ``### Exercise N.M: name`` heading above it.
    """
    lesson = nbformat.v4.new_notebook()
    lesson.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    }
    roles = cell_roles(solution, name)
    for index, cell in enumerate(solution.cells):
        tags = list(cell.get("metadata", {}).get("tags", []))
        role = roles.get(index)
        if cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source)
        elif cell.cell_type == "code":
            source = cell.source
            if role and role["role"] in ("exercise", "prediction"):
                exercise = f"Exercise {role['exercise']}: {role['title']}"
                source = strip_solutions(source, exercise, f"{name}, cell {index + 1}")
            if role and role["role"] in ("exercise", "prediction", "check"):
                tags += [RAISES] if RAISES not in tags else []  # it fails until the exercise is solved
            new = nbformat.v4.new_code_cell(source)
        else:
            new = nbformat.v4.new_raw_cell(cell.source)
        new.id = cell.get("id", new.id)
        if tags:
            new.metadata["tags"] = tags
        if role:
            new.metadata[META] = dict(role)
        lesson.cells.append(new)
    first_code = next((i for i, c in enumerate(lesson.cells) if c.cell_type == "code"), len(lesson.cells))
    colab = nbformat.v4.new_code_cell(COLAB_SETUP)
    colab.id = COLAB_CELL_ID
    lesson.cells.insert(first_code, colab)
    lesson.metadata[META] = {"generated_from": f"solutions/{name}", "cells_sha256": fingerprint(lesson)}
    return lesson


def nbgrader_source(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The solution notebook as an nbgrader source notebook: outputs cleared, nbgrader's metadata added.

    Exercise and prediction cells become solution cells (``grade_id`` ``exercise_3_2``); their check
    cells become locked grade cells worth one point (``check_3_2``). Every role cell also keeps the
    course's own ``metadata["nnlib"]``.
    """
    source = nbformat.from_dict(json.loads(json.dumps(solution)))
    source.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    seen: dict[str, int] = {}
    for index, role in cell_roles(solution, name).items():
        cell = source.cells[index]
        cell.metadata[META] = dict(role)
        solution_cell = role["role"] in ("exercise", "prediction")
        if not solution_cell and role["role"] != "check":
            continue
        grade_id = f"{'exercise' if solution_cell else 'check'}_{role['exercise'].replace('.', '_')}"
        seen[grade_id] = seen.get(grade_id, 0) + 1
        grade_id += f"_{seen[grade_id]}" if seen[grade_id] > 1 else ""
        cell.metadata["nbgrader"] = {
            "grade": not solution_cell,
            "grade_id": grade_id,
            "locked": not solution_cell,
            "schema_version": 3,
            "solution": solution_cell,
            "task": False,
            **({} if solution_cell else {"points": 1}),
        }
    for cell in source.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return source


def write_nbgrader_course(solutions: Path, course: Path, force: bool = False) -> list[Outcome]:
    """Write ``course/source/NN_name/NN_name.ipynb`` (one nbgrader assignment per lesson) from solutions/.

    A source notebook that differs from what solutions/ gives (say, you changed its points) is left
    alone (``refused``) unless ``force``. Also writes ``course/nbgrader_config.py`` if there is none.
    """
    sources = sorted(solutions.glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"nbgrader: no solution notebooks (NN_name.ipynb) in {solutions.resolve()}")
    written = []
    for path in sources:
        text = to_text(nbgrader_source(nbformat.read(path, as_version=4), path.name))
        target = course / "source" / path.stem / path.name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            written.append(Outcome(target, "unchanged"))
        elif current is not None and not force:
            written.append(Outcome(target, "refused", "it differs from what solutions/ gives (--force replaces it)"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(Outcome(target, "written"))
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(
            "c = get_config()  # noqa: F821 (nbgrader provides it)\n"
            'c.CourseDirectory.course_id = "neurons-to-networks"\n',
            encoding="utf-8",
        )
    return written


def fingerprint(notebook: nbformat.NotebookNode) -> str:
    """A hash of the notebook's cell types and sources: it changes when a learner edits any cell."""
    cells = [[cell.cell_type, cell.source] for cell in notebook.cells]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()


def worked_in(notebook: nbformat.NotebookNode) -> str:
    """Why a lesson on disk holds a learner's work (``""`` if it is an untouched generated copy)."""
    if any(cell.get("outputs") or cell.get("execution_count") for cell in notebook.cells if cell.cell_type == "code"):
        return "it has outputs (it has been run)"
    stored = notebook.metadata.get("nnlib", {}).get("cells_sha256")
    if stored != fingerprint(notebook):
        return "its cells differ from the generated version (it has been edited)"
    return ""


def to_text(notebook: nbformat.NotebookNode) -> str:
    """The exact text a notebook is saved as (nbformat's layout plus a final newline)."""
    return nbformat.writes(notebook) + "\n"


def build(solutions: Path, lessons: Path, *, check: bool = False, force: bool = False) -> list[Outcome]:
    """Generate every ``lessons/NN_*.ipynb`` from ``solutions/NN_*.ipynb``.

    Parameters
    ----------
    solutions, lessons : Path
        The source and target folders.
    check : bool
        Write nothing; report lessons that are missing or differ (``drift``).
    force : bool
        Overwrite lessons that were worked in, after copying each to ``NAME.backup-<time>.ipynb``.
        Cannot be combined with ``check`` (``ValueError``).

    Returns
    -------
    list of Outcome
        One per solution notebook (plus any lesson that has no solution any more).

    Examples
    --------
    >>> outcomes = build(Path("solutions"), Path("lessons"), check=True)  # doctest: +SKIP
    """
    if check and force:
        raise ValueError("build: check=True writes nothing and force=True overwrites lessons; choose one")
    sources = sorted(solutions.glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"build: no solution notebooks (NN_name.ipynb) in {solutions.resolve()}")
    outcomes = []
    for source in sources:
        target = lessons / source.name
        text = to_text(make_lesson(nbformat.read(source, as_version=4), source.name))
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            outcomes.append(Outcome(target, "unchanged"))
        elif check:
            outcomes.append(
                Outcome(
                    target,
                    "missing" if current is None else "drift",
                    "" if current is None else "differs from what solutions/ generates",
                )
            )
        else:
            reason = worked_in(nbformat.reads(current, as_version=4)) if current is not None else ""
            if reason and not force:
                outcomes.append(Outcome(target, "refused", reason))
                continue
            if reason:
                backup = target.with_name(f"{target.stem}.backup-{datetime.now():%Y%m%d-%H%M%S}.ipynb")
                backup.write_text(current, encoding="utf-8")
                reason = f"your version was saved as {backup.name}"
            lessons.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            outcomes.append(Outcome(target, "written", reason))
    orphans = {p.name for p in lessons.glob("[0-9][0-9]_*.ipynb")} - {p.name for p in sources}
    for name in sorted(orphans):
        if ".backup-" not in name:
            outcomes.append(Outcome(lessons / name, "drift", "has no solution notebook"))
    return outcomes


def execute(notebook: Path, timeout: int = 60) -> None:
    """Run a solution notebook top to bottom in a fresh kernel and store its outputs in place.

    Timing metadata and widget state are not stored, so re-running unchanged solutions gives an
    identical file (this is what nbval compares against). A widget's output becomes a short note
    (widget cells are tagged ``nbval-ignore-output``), so an unrun solution shows no "model not found".
    A cell that fails or runs longer than ``timeout`` seconds stops the run with an error naming the
    notebook and the cell, and the file is left as it was.
    """
    from nnlib.notebook_run import run_notebook

    nb = nbformat.read(notebook, as_version=4)
    run_notebook(nb, notebook.parent, name=notebook.name, cell_timeout=timeout, record_timing=False)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):  # its widget state is not stored: leave a note
                output["data"] = {"text/plain": PLAYGROUND_NOTE}
    notebook.write_text(to_text(nb), encoding="utf-8")


TIMES = re.compile(r"Teaching:\s*(\d+)\s*min\s*·\s*Exercises:\s*(\d+)\s*min")
TITLE = re.compile(r"^#\s+(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class LessonTime:
    """A lesson's title and its time estimates in minutes, as stated in its first cell."""

    name: str
    title: str
    teaching: int
    exercises: int

    @property
    def total(self) -> int:
        return self.teaching + self.exercises


def lesson_times(solutions: Path) -> list[LessonTime]:
    """Read ``Teaching: N min · Exercises: M min`` and the title from each solution notebook.

    Raises
    ------
    FileNotFoundError
        If the folder holds no ``NN_name.ipynb`` notebook.
    ValueError
        If a notebook's first cell lacks the time line or a ``# Title``.
    """
    paths = sorted(solutions.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"lesson_times: no lesson notebooks (NN_name.ipynb) in {solutions.resolve()}")
    times = []
    for path in paths:
        first = nbformat.read(path, as_version=4).cells[0].source
        found, title = TIMES.search(first), TITLE.search(first)
        if not (found and title):
            raise ValueError(
                f"lesson_times: {path.name}, cell 1 needs a '# Title' and 'Teaching: N min · Exercises: M min'"
            )
        times.append(LessonTime(path.stem, title.group(1).strip(), int(found.group(1)), int(found.group(2))))
    return times


def schedule(
    times: list[LessonTime],
    start: str = "09:30",
    setup: int = 15,
    break_every: int = 90,
    break_length: int = 15,
    lunch_after: str = "12:30",
    lunch_length: int = 60,
) -> str:
    """A workshop timetable (Markdown) built from the lessons' time estimates.

    A short setup slot opens the day. Lunch comes at the first lesson boundary after ``lunch_after``,
    or earlier if the next lesson would run more than 30 minutes past it. Otherwise a break comes
    once ``break_every`` minutes have passed since the last one, or earlier if the next lesson would
    run more than 30 minutes past that.
    """

    if not times:
        raise ValueError("schedule: no lessons to schedule (got an empty list)")

    def clock(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    now, last_break, had_lunch = minutes(start), minutes(start), False
    rows = [f"| {clock(now)} | {clock(now + setup)} | setup: everyone's lesson 00 shows [OK] | {setup} |"]
    now += setup
    for index, lesson in enumerate(times):
        rows.append(
            f"| {clock(now)} | {clock(now + lesson.total)} | {lesson.title} "
            f"({lesson.teaching} teaching + {lesson.exercises} exercises) | {lesson.total} |"
        )
        now += lesson.total
        if index == len(times) - 1:
            break
        next_end = now + times[index + 1].total
        if not had_lunch and (now >= minutes(lunch_after) or next_end > minutes(lunch_after) + 30):
            rows.append(f"| {clock(now)} | {clock(now + lunch_length)} | lunch | {lunch_length} |")
            now, last_break, had_lunch = now + lunch_length, now + lunch_length, True
        elif now - last_break >= break_every or next_end - last_break > break_every + 30:
            rows.append(f"| {clock(now)} | {clock(now + break_length)} | break | {break_length} |")
            now, last_break = now + break_length, now + break_length
    teaching = sum(t.teaching for t in times)
    exercises = sum(t.exercises for t in times)
    return "\n".join(
        [
            "# Workshop schedule",
            "",
            "Generated by `python -m nnlib.course schedule` from the time estimates at the top of each",
            "lesson; do not edit by hand (a test checks that it matches the lessons).",
            "",
            f"{len(times)} lessons: {teaching} min teaching + {exercises} min exercises = "
            f"{teaching + exercises} min ({(teaching + exercises) / 60:.1f} h) of content.",
            "",
            "| start | end | what | min |",
            "|---|---|---|---|",
            *rows,
            "",
            "Times are estimates for a room of mixed experience; keep the exercise time, shorten the talk.",
            "For two half days, split at lunch.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m nnlib.course build|execute|schedule|nbgrader|update`` (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m nnlib.course", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("build", help="write lessons/ from solutions/")
    cmd.add_argument("--solutions", type=Path, default=Path("solutions"))
    cmd.add_argument("--lessons", type=Path, default=Path("lessons"))
    cmd.add_argument("--check", action="store_true", help="write nothing; exit 1 if lessons/ is out of date")
    cmd.add_argument("--force", action="store_true", help="overwrite worked-in lessons (a backup is kept)")
    run = sub.add_parser("execute", help="re-run solution notebooks and store their outputs")
    run.add_argument("notebooks", nargs="*", type=Path, help="default: every solutions/NN_*.ipynb")
    plan = sub.add_parser("schedule", help="write instructors/schedule.md from the lessons' time estimates")
    plan.add_argument("--solutions", type=Path, default=Path("solutions"))
    plan.add_argument("--output", type=Path, default=Path("instructors/schedule.md"))
    grade = sub.add_parser("nbgrader", help="write an nbgrader course folder (source/NN_name/) from solutions/")
    grade.add_argument("course", type=Path, help="the nbgrader course directory to write into")
    grade.add_argument("--solutions", type=Path, default=Path("solutions"))
    grade.add_argument("--force", action="store_true", help="replace source notebooks you have changed")
    pull = sub.add_parser("update", help="commit your work, pull the new course (notebooks merged cell by cell)")
    pull.add_argument("--repo", type=Path, default=Path("."), help="your clone of the course (default: here)")
    args = parser.parse_args(argv)
    if args.command == "update":
        from nnlib.updates import main as update_main

        return update_main(args.repo)
    if args.command == "nbgrader":
        try:
            outcomes = write_nbgrader_course(args.solutions, args.course, force=args.force)
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        for outcome in outcomes:
            print(f"{outcome.status:>9}  {outcome.lesson}{': ' + outcome.detail if outcome.detail else ''}")
        print(f"next: cd {args.course} && nbgrader generate_assignment 01_biological_neuron (or any lesson)")
        return 1 if any(o.status == "refused" for o in outcomes) else 0
    if args.command == "schedule":
        try:
            plan = schedule(lesson_times(args.solutions))
        except (FileNotFoundError, ValueError) as error:
            print(f"error: {error}; {args.output} was not written", file=sys.stderr)
            return 2
        args.output.write_text(plan, encoding="utf-8")
        print(f"wrote {args.output}")
        return 0
    if args.command == "execute":
        for notebook in args.notebooks or sorted(Path("solutions").glob("[0-9][0-9]_*.ipynb")):
            print(f"executing {notebook}", flush=True)
            try:
                execute(notebook)
            except RuntimeError as error:  # nnlib.notebook_run.NotebookRunError: it names the notebook and cell
                print(f"error: {error}", file=sys.stderr)
                return 1
        return 0
    if args.check and args.force:
        parser.error("build: --check writes nothing and --force overwrites lessons; use one or the other")
    try:
        outcomes = build(args.solutions, args.lessons, check=args.check, force=args.force)
    except (MarkerError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for outcome in outcomes:
        detail = f": {outcome.detail}" if outcome.detail else ""
        print(f"{outcome.status:>9}  {outcome.lesson}{detail}")
    refused = [o for o in outcomes if o.status == "refused"]
    if refused:
        print(
            f"\n{len(refused)} lesson(s) hold your own work and were left alone. To replace them anyway "
            "(a backup copy is kept), run: python -m nnlib.course build --force",
            file=sys.stderr,
        )
    if args.check and any(o.status in ("drift", "missing") for o in outcomes):
        print("\nlessons/ is out of date: run python -m nnlib.course build", file=sys.stderr)
        return 1
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
