"""See which exercises you have solved: ``python -m nnlib.progress lessons/``.

Runs each of your lesson notebooks in a fresh, hidden kernel (your notebooks are only read, never
changed), reads what every exercise's check said, and prints a table::

    lesson                  exercise                          status
    01_biological_neuron    Exercise 1.1: weighted_sum        passed (6/6 checks)
                            Exercise 1.2: step                failed: check 3 of 5 (a sum of exactly zero)
                            Exercise 1.3: weights for OR      not attempted yet

A notebook that cannot be read or run is reported, and the others are still checked.

Introduced in lesson 00 (check your setup); for self-study and workshops.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from nnlib.course import EXERCISE_HEADING

PASSED = re.compile(r"^(.+): (\d+)/(\d+) checks passed$", re.MULTILINE)


@dataclass(frozen=True)
class Status:
    """One exercise's result: ``passed``, ``failed``, ``not attempted`` or ``not checked``."""

    lesson: str
    exercise: str
    state: str
    detail: str = ""

    def __str__(self) -> str:
        if not self.detail:
            return self.state
        return f"{self.state} ({self.detail})" if self.state == "passed" else f"{self.state}: {self.detail}"


CHECK_CALL = re.compile(r"^\s*check_\w+\s*\(", re.MULTILINE)


def find_exercises(nb: nbformat.NotebookNode) -> list[tuple[str, int | None, int | None]]:
    """Each exercise heading with the indices of its exercise cell and its check cell.

    The check cell is the first code cell after the heading that calls a ``check_...(...)``
    function, and the exercise cell is the code cell just before it. A figure, a data set or any
    other code between the heading and the exercise cell does not matter. Without a check call
    before the next exercise heading, the first two code cells after the heading are used.
    """
    headings = [
        (index, f"Exercise {number}: {name}")
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for number, name in EXERCISE_HEADING.findall(cell.source)
    ]
    found = []
    for position, (index, title) in enumerate(headings):
        later = [i for i, _ in headings[position + 1 :] if i > index]
        end = later[0] if later else len(nb.cells)
        code = [i for i in range(index + 1, end) if nb.cells[i].cell_type == "code"]
        checks = [i for i in code if CHECK_CALL.search(nb.cells[i].source)]
        if checks and code.index(checks[0]) > 0:
            found.append((title, code[code.index(checks[0]) - 1], checks[0]))
            continue
        code_after = [i for i in range(index + 1, len(nb.cells)) if nb.cells[i].cell_type == "code"][:2]
        code_after += [None] * (2 - len(code_after))
        found.append((title, *code_after))
    return found


def _first_error(cell: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    return next((o for o in cell.get("outputs", []) if o.output_type == "error"), None)


def read_check(exercise: nbformat.NotebookNode, check: nbformat.NotebookNode) -> tuple[str, str]:
    """(state, detail) from the outputs of an executed exercise cell and its check cell."""
    own = _first_error(exercise)
    if own is not None and own.ename != "NotImplementedError":
        return (
            "failed",
            f"the exercise cell raised {own.ename}: {own.evalue.splitlines()[0] if own.evalue else ''}",
        )
    error = _first_error(check)
    if error is not None:
        if error.ename == "NotAttemptedError":
            return "not attempted", ""
        first_line = error.evalue.splitlines()[0] if error.evalue else ""
        if error.ename == "CheckFailed":  # "name: check 3 of 5 failed (what): problem"
            return "failed", first_line.split(": ", 1)[-1].replace(" failed (", " (", 1)
        return "failed", f"{error.ename}: {first_line}"
    text = "".join(o.get("text", "") for o in check.get("outputs", []) if o.output_type == "stream")
    match = PASSED.search(text)
    if match:
        return "passed", f"{match.group(2)}/{match.group(3)} checks"
    return "not checked", "the check cell printed no result"


def lesson_progress(path: Path, timeout: int = 120) -> list[Status]:
    """Run a copy of one lesson in memory and report each exercise (the file is never written)."""
    name = path.stem
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # any unreadable file: report it and carry on with the others
        return [Status(name, "(whole notebook)", "not checked", f"cannot read it: {type(error).__name__}: {error}")]
    exercises = find_exercises(nb)
    if not exercises:
        return [Status(name, "(whole notebook)", "not checked", "no exercises found")]
    try:
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings are not the learner's concern
    except (CellTimeoutError, DeadKernelError) as error:
        return [Status(name, "(whole notebook)", "not checked", f"it did not finish running: {error}")]
    results = []
    for title, exercise_index, check_index in exercises:
        if check_index is None:
            results.append(Status(name, title, "not checked", "its exercise or check cell is missing"))
        else:
            results.append(Status(name, title, *read_check(nb.cells[exercise_index], nb.cells[check_index])))
    return results


def format_table(statuses: list[Status]) -> str:
    """The printed table, one exercise per line, plus a summary line."""
    lesson_width = max(len("lesson"), *(len(s.lesson) for s in statuses))
    exercise_width = max(len("exercise"), *(len(s.exercise) for s in statuses))
    lines = [f"{'lesson':<{lesson_width}}  {'exercise':<{exercise_width}}  status"]
    previous = None
    for status in statuses:
        lesson = status.lesson if status.lesson != previous else ""
        previous = status.lesson
        lines.append(f"{lesson:<{lesson_width}}  {status.exercise:<{exercise_width}}  {status}")
    passed = sum(s.state == "passed" for s in statuses)
    lines.append(f"\n{passed} of {len(statuses)} exercises passed.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m nnlib.progress [FOLDER_OR_NOTEBOOK ...]`` (default ``lessons/``)."""
    parser = argparse.ArgumentParser(prog="python -m nnlib.progress", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("lessons")])
    args = parser.parse_args(argv)
    notebooks = []
    for path in args.paths:
        if path.is_dir():
            notebooks += sorted(p for p in path.glob("[0-9][0-9]_*.ipynb") if ".backup-" not in p.name)
        elif path.suffix == ".ipynb" and path.exists():
            notebooks.append(path)
        else:
            print(f"progress: {path} is not a notebook or a folder of notebooks", file=sys.stderr)
            return 2
    if not notebooks:
        print(
            f"progress: no lesson notebooks (NN_name.ipynb) in {', '.join(map(str, args.paths))}",
            file=sys.stderr,
        )
        return 2
    statuses = []
    for notebook in notebooks:
        print(f"checking {notebook.name} ...", file=sys.stderr, flush=True)
        statuses += lesson_progress(notebook)
    print(format_table(statuses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
