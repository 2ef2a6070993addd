"""See which exercises are solved: yours, or a whole room's.

**One learner** (``python -m nnlib.progress lessons/``): runs each of your lesson notebooks in a fresh,
hidden kernel (your notebooks are only read, never changed), reads what every exercise's check said,
and prints a table::

    lesson                  exercise                          status
    01_biological_neuron    Exercise 1.1: weighted_sum        passed (6/6 checks)
                            Exercise 1.2: step                failed: check 3 of 5 (a sum of exactly zero)
                            Exercise 1.3: weights for OR      not attempted

**A class** (``python -m nnlib.progress --class DIR [DIR ...] [--json] [--heatmap FILE.png]``): each
``DIR`` is one learner's folder (a hub home directory, or a folder of collected notebooks); the
learner's name is the folder's name. Its lesson notebooks are the ``NN_name.ipynb`` files in a
``lessons/`` folder anywhere below it (or, if there is none, any ``NN_name.ipynb`` below it, never in
``solutions/``, hidden folders or checkpoints; of two copies of a lesson the newer one counts).
Class mode never runs learners' code: it reads the outputs each notebook had when it was last
saved, so it takes a second for a room, and it never writes to learners' files. A notebook that is
invalid JSON, half-saved, empty or unreadable is reported and the others carry on. A huge notebook
is read in chunks with every JSON string cut to 10,000 characters, so its images cost no memory:
reading a 50 MB notebook (a 50 MB image, or 3 million printed lines) took 0.5 s and 5-11 MB.

An exercise's status is one of

- ``passed``: its check printed ``N/N checks passed``;
- ``failed``: its check (or the exercise cell itself) raised an error; ``detail`` says which and why;
- ``not attempted``: the check said so, the placeholder ``raise NotImplementedError`` is still there, or
  the learner has no notebook of that lesson;
- ``not run``: the learner wrote an answer but has not run its check since;
- ``unreadable``: the notebook could not be read (``detail`` says why).

The cells are found by the identity ``python -m nnlib.course build`` writes into each cell's metadata
(``{"exercise": "3.2", "role": "check"}``; solutions derive it from their markers the same way).

``--json`` prints (schema)::

    {"learners": {NAME: {"3.2": {"status": STATUS, "detail": str}, ...}, ...},
     "exercises": {"3.2": {"title": "sigmoid", "lesson": "03_sigmoid_prediction",
                           "passed": int, "failed": int, "not attempted": int, "not run": int,
                           "unreadable": int, "stuck": [NAME, ...]}, ...},
     "problems": [{"learner": NAME, "notebook": PATH, "problem": str}, ...]}

``stuck`` lists the learners whose check failed. In single-learner mode the one learner is named after
the folder given. ``--heatmap FILE.png`` draws learners x exercises in the status colours, with a legend.

Introduced in lesson 00 (check your setup); for self-study and workshops.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4.rwbase import rejoin_lines

from nnlib.course import META, _exercise_key, cell_roles

PASSED = re.compile(r"^(.+?): (\d+)/(\d+) checks passed\b", re.MULTILINE)  # a note may follow
STATES = ("passed", "failed", "not attempted", "not run", "unreadable")
LESSON_NAME = re.compile(r"^\d\d_.+\.ipynb$")
SKIPPED_FOLDERS = {"solutions", "node_modules", "__pycache__", "site-packages"}
LONGEST_STRING = 10_000  # characters kept of any one JSON string while reading a saved notebook
READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class Status:
    """One exercise's result (``state`` is one of ``STATES``)."""

    lesson: str
    exercise: str  # "3.2"
    title: str
    state: str
    detail: str = ""

    @property
    def label(self) -> str:
        return f"Exercise {self.exercise}: {self.title}" if self.exercise else self.title

    def __str__(self) -> str:
        if not self.detail:
            return self.state
        return f"{self.state} ({self.detail})" if self.state == "passed" else f"{self.state}: {self.detail}"


@dataclass(frozen=True)
class Exercise:
    """Where one exercise lives in a notebook: its number, title and the indices of its two cells."""

    number: str
    title: str
    cell: int
    check: int | None


def find_exercises(nb: nbformat.NotebookNode) -> list[Exercise]:
    """The exercises of a notebook, from the ``metadata["nnlib"]`` roles the course build writes.

    A notebook without them (a solution) gets them derived from its markers, as the build does.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def f(): ..."),
    ...                                      nbformat.v4.new_code_cell("check_f(f)")])
    >>> nb.cells[0].metadata["nnlib"] = {"exercise": "9.1", "role": "exercise", "title": "f"}
    >>> nb.cells[1].metadata["nnlib"] = {"exercise": "9.1", "role": "check"}
    >>> find_exercises(nb)
    [Exercise(number='9.1', title='f', cell=0, check=1)]
    """
    roles = {i: cell.metadata[META] for i, cell in enumerate(nb.cells) if META in cell.get("metadata", {})}
    if not roles:
        try:
            roles = cell_roles(nb, "notebook")
        except ValueError:  # malformed markers: no exercises to report
            roles = {}
    found: dict[str, Exercise] = {}
    for index, role in roles.items():
        number = str(role.get("exercise", ""))
        if role.get("role") in ("exercise", "prediction") and number not in found:
            found[number] = Exercise(number, str(role.get("title", "")), index, None)
        elif role.get("role") == "check" and number in found and found[number].check is None:
            found[number] = Exercise(number, found[number].title, found[number].cell, index)
    return sorted(found.values(), key=lambda e: _order(e.number))


def _order(number: str) -> tuple:
    """Sort key: exercise numbers in numeric order ("3.10" after "3.9"), anything else after them."""
    try:
        return (0, *_exercise_key(number))
    except ValueError:
        return (1, number)


def _first_error(cell: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    return next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)


def _first_line(error: nbformat.NotebookNode) -> str:
    value = error.get("evalue") or ""
    return value.splitlines()[0] if value else ""


def read_check(exercise: nbformat.NotebookNode, check: nbformat.NotebookNode) -> tuple[str, str]:
    """(state, detail) from the stored outputs of an exercise cell and its check cell.

    Examples
    --------
    >>> done = nbformat.v4.new_code_cell("check_f(f)", outputs=[
    ...     nbformat.v4.new_output("stream", text="f: 3/3 checks passed\\n")])
    >>> read_check(nbformat.v4.new_code_cell("def f(): ..."), done)
    ('passed', '3/3 checks')
    """
    own = _first_error(exercise)
    if own is not None and own.get("ename") != "NotImplementedError":
        return "failed", f"the exercise cell raised {own.get('ename')}: {_first_line(own)}"
    error = _first_error(check)
    if error is not None:
        if error.get("ename") == "NotAttemptedError":
            return "not attempted", ""
        if error.get("ename") == "CheckFailed":  # "name: check 3 of 5 failed (what): problem"
            return "failed", _first_line(error).split(": ", 1)[-1].replace(" failed (", " (", 1)
        return "failed", f"{error.get('ename')}: {_first_line(error)}"
    text = "".join(o.get("text", "") for o in check.get("outputs", []) if o.get("output_type") == "stream")
    match = PASSED.search(text)
    if match:
        return "passed", f"{match.group(2)}/{match.group(3)} checks"
    if "raise NotImplementedError(" in exercise.get("source", ""):
        return "not attempted", ""
    if check.get("execution_count") is None:
        return "not run", "an answer is written but its check has not been run"
    return "not run", "the check cell printed no result"


def statuses_of(nb: nbformat.NotebookNode, lesson: str) -> list[Status]:
    """Every exercise's status in one notebook, as its outputs stand."""
    exercises = find_exercises(nb)
    if not exercises:
        why = "no exercises found in it (a lesson from before exercises were marked? update the course)"
        return [Status(lesson, "", "(whole notebook)", "unreadable", why)]
    results = []
    for found in exercises:
        if found.check is None:
            results.append(Status(lesson, found.number, found.title, "unreadable", "its check cell is missing"))
        else:
            state, detail = read_check(nb.cells[found.cell], nb.cells[found.check])
            results.append(Status(lesson, found.number, found.title, state, detail))
    return results


def _unreadable(lesson: str, why: str) -> list[Status]:
    return [Status(lesson, "", "(whole notebook)", "unreadable", why)]


def lesson_progress(path: Path, timeout: int = 120) -> list[Status]:
    """Run a copy of one lesson in memory and report each exercise (the file is never written)."""
    from nnlib.notebook_run import NO_FIGURES, NotebookRunError, run_notebook

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # any unreadable file: report it and carry on with the others
        return _unreadable(path.stem, f"cannot read it: {type(error).__name__}: {error}")
    if not find_exercises(nb):
        return statuses_of(nb, path.stem)
    try:  # the kernel's start-up warnings (stderr) are not the learner's concern
        run_notebook(
            nb,
            path.parent,
            name=path.name,
            cell_timeout=timeout,
            allow_errors=True,
            record_timing=False,
            stderr=subprocess.DEVNULL,
            env=NO_FIGURES,  # the report reads the checks; drawing the figures would only cost time
        )
    except NotebookRunError as error:
        return _unreadable(path.stem, f"it did not finish running: {error}")
    return statuses_of(nb, path.stem)


def _shrunk_json(path: Path, keep: int = LONGEST_STRING, chunk: int = READ_CHUNK) -> str:
    """The file's JSON text, read in chunks, with every string cut to its first ``keep`` characters.

    A cut never ends inside an escape sequence, so the result parses whenever the file does. Memory
    stays bounded by the notebook's structure, not by its images or long printouts.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     _ = f.write(json.dumps({"a": "x" * 50, "b": ["short", 'say "hi"'], "c": "\u00e9" * 3}))
    >>> json.loads(_shrunk_json(Path(f.name), keep=5, chunk=3))
    {'a': 'xxxxx', 'b': ['short', 'say '], 'c': ''}
    """
    content = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*')
    out: list[str] = []
    current: list[str] = []
    inside, length, carry = False, 0, ""
    with open(path, encoding="utf-8") as file:
        while block := file.read(chunk):
            text, pos, carry = carry + block, 0, ""
            while pos < len(text):
                if not inside:
                    quote = text.find('"', pos)
                    if quote < 0:
                        out.append(text[pos:])
                        break
                    out.append(text[pos : quote + 1])
                    inside, length, current, pos = True, 0, [], quote + 1
                    continue
                end = content.match(text, pos).end()
                if length < keep:
                    current.append(text[pos:end][: keep - length])
                length, pos = length + end - pos, end
                if pos == len(text):
                    break
                if text[pos] == "\\":  # an escape split by the chunk boundary
                    carry = text[pos:]
                    break
                out.append(_cut_string("".join(current), cut=length > keep) + '"')
                inside, pos = False, pos + 1
    return "".join(out)


def _cut_string(text: str, cut: bool) -> str:
    """A JSON string's text without a partial escape sequence at its end (if it was ``cut``)."""
    if not cut:
        return text
    end = text.rfind("\\", max(0, len(text) - 6))
    if end < 0:
        return text
    while end > 0 and text[end - 1] == "\\":
        end -= 1
    return text[:end]


def read_saved(path: Path) -> nbformat.NotebookNode:
    """A saved notebook, read without running it and without trusting it to be whole or small.

    Raises
    ------
    ValueError
        If the file is empty, not JSON (half-saved, broken) or not a notebook; ``OSError`` if it cannot
        be opened.
    """
    text = _shrunk_json(path)
    if not text.strip():
        raise ValueError("the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON (half-saved or broken?): {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError("not a notebook (no list of cells)")
    try:
        notebook = nbformat.from_dict(data)
        rejoin_lines(notebook)
    except (AttributeError, KeyError, TypeError) as error:
        raise ValueError(f"not a notebook (malformed cells: {error})") from None
    return notebook


def learner_notebooks(folder: Path) -> dict[str, Path]:
    """Lesson name -> notebook for one learner's folder (see the module docstring for the rule)."""
    found: dict[str, list[Path]] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in files:
            if LESSON_NAME.match(name) and ".backup-" not in name and ".course-update" not in name:
                found.setdefault(name, []).append(Path(root) / name)
    in_lessons = {n: [p for p in ps if p.parent.name == "lessons"] for n, ps in found.items()}
    if any(in_lessons.values()):
        found = {n: ps for n, ps in in_lessons.items() if ps}

    def modified(path: Path) -> float:
        try:
            return path.lstat().st_mtime
        except OSError:
            return 0.0

    return {Path(n).stem: max(ps, key=modified) for n, ps in sorted(found.items())}


def class_progress(folders: list[Path]) -> dict:
    """The class report (the JSON schema in the module docstring) from learners' saved notebooks."""
    read: dict[str, dict[str, list[Status]]] = {}
    problems = []
    titles: dict[str, tuple[str, str]] = {}  # exercise -> (title, lesson)
    for folder in folders:
        learner = folder.resolve().name
        read[learner] = {}
        notebooks = learner_notebooks(folder)
        if not notebooks:
            problems.append({"learner": learner, "notebook": str(folder), "problem": "no lesson notebooks found"})
        for lesson, path in notebooks.items():
            try:
                statuses = statuses_of(read_saved(path), lesson)
            except Exception as error:  # a learner's file can be damaged in any way: report it, carry on
                problems.append(
                    {"learner": learner, "notebook": str(path), "problem": f"{type(error).__name__}: {error}"}
                )
                statuses = _unreadable(lesson, f"{type(error).__name__}: {error}")
            read[learner][lesson] = statuses
            for status in statuses:
                if status.exercise:
                    titles.setdefault(status.exercise, (status.title, lesson))
    order = sorted(titles, key=_order)
    learners: dict[str, dict[str, dict[str, str]]] = {}
    for learner, lessons in read.items():
        row = {}
        for number in order:
            lesson = titles[number][1]
            statuses = lessons.get(lesson)
            mine = next((s for s in statuses or [] if s.exercise == number), None)
            if mine is not None:
                row[number] = {"status": mine.state, "detail": mine.detail}
            elif statuses and not any(s.exercise for s in statuses):  # the whole notebook failed to read
                row[number] = {"status": "unreadable", "detail": statuses[0].detail}
            else:
                row[number] = {"status": "not attempted", "detail": f"no notebook {lesson}.ipynb"}
        learners[learner] = row
    exercises = {}
    for number in order:
        counts = {state: sum(row[number]["status"] == state for row in learners.values()) for state in STATES}
        stuck = [name for name, row in learners.items() if row[number]["status"] == "failed"]
        exercises[number] = {"title": titles[number][0], "lesson": titles[number][1], **counts, "stuck": stuck}
    return {"learners": learners, "exercises": exercises, "problems": problems}


def single_report(folder: str, statuses: list[Status]) -> dict:
    """One learner's statuses in the class report's JSON schema."""
    row = {s.exercise: {"status": s.state, "detail": s.detail} for s in statuses if s.exercise}
    exercises = {
        s.exercise: {"title": s.title, "lesson": s.lesson}
        | {state: int(s.state == state) for state in STATES}
        | {"stuck": [folder] if s.state == "failed" else []}
        for s in statuses
        if s.exercise
    }
    problems = [{"learner": folder, "notebook": s.lesson, "problem": s.detail} for s in statuses if not s.exercise]
    return {"learners": {folder: row}, "exercises": exercises, "problems": problems}


def format_table(statuses: list[Status]) -> str:
    """The printed table for one learner, one exercise per line, plus a summary line."""
    lesson_width = max(len("lesson"), *(len(s.lesson) for s in statuses))
    exercise_width = max(len("exercise"), *(len(s.label) for s in statuses))
    lines = [f"{'lesson':<{lesson_width}}  {'exercise':<{exercise_width}}  status"]
    previous = None
    for status in statuses:
        lesson = status.lesson if status.lesson != previous else ""
        previous = status.lesson
        lines.append(f"{lesson:<{lesson_width}}  {status.label:<{exercise_width}}  {status}")
    passed = sum(s.state == "passed" for s in statuses)
    lines.append(f"\n{passed} of {len(statuses)} exercises passed.")
    return "\n".join(lines)


SYMBOLS = {"passed": "+", "failed": "X", "not attempted": ".", "not run": "?", "unreadable": "!"}


def format_class(report: dict) -> str:
    """The class table (one row per learner, one column per exercise) and the per-exercise summary."""
    numbers = list(report["exercises"])
    width = max([len("learner"), *map(len, report["learners"])])
    legend = ", ".join(f"{symbol} {state}" for state, symbol in SYMBOLS.items())
    lines = [f"{'learner':<{width}}  " + " ".join(f"{n:>4}" for n in numbers)]
    for learner, row in report["learners"].items():
        lines.append(f"{learner:<{width}}  " + " ".join(f"{SYMBOLS[row[n]['status']]:>4}" for n in numbers))
    lines += ["", legend, "", "exercise                                  passed  failed  not att.  not run  stuck"]
    for number, summary in report["exercises"].items():
        label = f"{number} {summary['title']}"[:40]
        stuck = ", ".join(f"{name} ({report['learners'][name][number]['detail'][:60]})" for name in summary["stuck"])
        lines.append(
            f"{label:<40}  {summary['passed']:>6}  {summary['failed']:>6}  {summary['not attempted']:>8}  "
            f"{summary['not run'] + summary['unreadable']:>7}  {stuck}"
        )
    for problem in report["problems"]:
        lines.append(f"problem: {problem['learner']}: {problem['notebook']}: {problem['problem']}")
    return "\n".join(lines)


COLOURS = {  # Okabe-Ito colours, distinguishable with the common colour-vision deficiencies
    "passed": "#009E73",
    "failed": "#D55E00",
    "not attempted": "#E8E8E8",
    "not run": "#F0E442",
    "unreadable": "#555555",
}


def heatmap(report: dict, path: Path) -> Path:
    """Draw learners x exercises in the status colours (with each status's symbol) and save it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    learners, numbers = list(report["learners"]), list(report["exercises"])
    if not learners or not numbers:
        raise ValueError("heatmap: no learners or no exercises to draw")
    grid = [[STATES.index(report["learners"][name][n]["status"]) for n in numbers] for name in learners]
    fig, ax = plt.subplots(figsize=(max(8.0, 2.5 + 0.36 * len(numbers)), max(4.0, 2.2 + 0.36 * len(learners))))
    ax.imshow(grid, cmap=ListedColormap([COLOURS[s] for s in STATES]), vmin=0, vmax=len(STATES) - 1, aspect="auto")
    for row, name in enumerate(learners):
        for col, number in enumerate(numbers):
            state = report["learners"][name][number]["status"]
            colour = "white" if state in ("failed", "unreadable", "passed") else "black"
            ax.text(col, row, SYMBOLS[state], ha="center", va="center", fontsize=10, color=colour, weight="bold")
    ax.set_xticks(range(len(numbers)), numbers, rotation=90, fontsize=11)
    ax.set_yticks(range(len(learners)), learners, fontsize=11)
    ax.set_xticks([x - 0.5 for x in range(len(numbers) + 1)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(len(learners) + 1)], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    lessons = [report["exercises"][n]["lesson"] for n in numbers]
    for col in range(1, len(numbers)):
        if lessons[col] != lessons[col - 1]:
            ax.axvline(col - 0.5, color="black", linewidth=2.5)
    ax.set_xlabel("exercise (thick lines separate lessons)", fontsize=12)
    ax.set_ylabel("learner", fontsize=12)
    ax.set_title(f"Class progress: {len(learners)} learners, as their notebooks were last saved", fontsize=14)
    handles = [Patch(facecolor=COLOURS[s], edgecolor="black", label=f"{SYMBOLS[s]}  {s}") for s in STATES]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=12, title="status")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m nnlib.progress [PATH ...]`` or ``--class DIR [DIR ...]`` (module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m nnlib.progress", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="your lessons folder or notebooks (default lessons/)")
    parser.add_argument("--class", dest="learners", nargs="+", type=Path, metavar="DIR", help="learners' folders")
    parser.add_argument("--json", action="store_true", help="print the report as JSON (schema: module docstring)")
    parser.add_argument("--heatmap", type=Path, metavar="FILE.png", help="also draw learners x exercises")
    args = parser.parse_args(argv)
    if args.learners:
        if args.paths:
            parser.error("give either --class DIR ... or your own lessons, not both")
        missing = [str(p) for p in args.learners if not p.is_dir()]
        if missing:
            print(f"progress: not a folder: {', '.join(missing)}", file=sys.stderr)
            return 2
        report = class_progress(args.learners)
        print(json.dumps(report, indent=1) if args.json else format_class(report))
    else:
        paths = args.paths or [Path("lessons")]
        notebooks = []
        for path in paths:
            if path.is_dir():
                notebooks += sorted(p for p in path.glob("[0-9][0-9]_*.ipynb") if ".backup-" not in p.name)
            elif path.suffix == ".ipynb" and path.exists():
                notebooks.append(path)
            else:
                print(f"progress: {path} is not a notebook or a folder of notebooks", file=sys.stderr)
                return 2
        if not notebooks:
            print(f"progress: no lesson notebooks (NN_name.ipynb) in {', '.join(map(str, paths))}", file=sys.stderr)
            return 2
        statuses = []
        for notebook in notebooks:
            print(f"checking {notebook.name} ...", file=sys.stderr, flush=True)
            statuses += lesson_progress(notebook)
        report = single_report(paths[0].resolve().name, statuses)
        print(json.dumps(report, indent=1) if args.json else format_table(statuses))
    if args.heatmap:
        try:
            print(f"wrote {heatmap(report, args.heatmap)}", file=sys.stderr)
        except ValueError as error:
            print(f"progress: {error}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
