"""Get the new version of the course without losing or breaking a notebook: ``python -m nnlib.course update``.

A learner's lessons are notebooks they have edited and run; the course changes the same notebooks.
Git's line-based merge of the JSON leaves conflict markers in the file (not a notebook any more), so
notebooks are merged by nbdime, cell by cell, through a git merge driver. The repository's
``.gitattributes`` routes ``*.ipynb`` to the driver ``jupyternotebook``; git never shares its config, so
each clone (or a hub's image) must define the driver: :func:`configure_merge_driver` does it, as
``nbdime config-git --enable`` would, with this module's driver (:func:`merge_notebooks`), which

- takes every change only one side made (the learner's answers, new cells and outputs; the course's
  new and edited cells);
- keeps all cells both sides inserted at the same place, the learner's first;
- where both changed the same lines of one cell, keeps the learner's lines (as nbgitpuller's
  ``-Xours`` does) and saves the course's whole notebook beside it as ``NAME.course-update.ipynb``.

``python -m nnlib.course update`` then: sets up the driver; commits everything the learner changed
(``My work before the course update``); fetches and merges (never rebases); keeps the learner's
version of any other file both changed (the course's beside it); commits; and checks that every
notebook the update touched is valid. If one is not, the update is undone (``git reset --hard`` to
the learner's commit) and the command says which.

On a hub, nbgitpuller merges with ``git merge -Xours``: without the driver its text merge keeps valid
notebooks and the learner's work, but drops the course's cells where both added cells at the same
place; with the driver in the learners' environment (:func:`git_environment`, see
instructors/README.md) nbgitpuller's merge uses it too.

Introduced in the README (self-study: updating the course) and instructors/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

#: The merge driver git runs for every notebook changed on both sides (``%O %A %B %P``: base, the
#: learner's version, the course's version, the path). It is run by this Python, so git finds it even
#: where the course's environment is not on the PATH.
DRIVER = {
    "merge.jupyternotebook.driver": f'"{sys.executable}" -m nnlib.updates %O %A %B %P',
    "merge.jupyternotebook.name": "notebook merge (nbdime, the learner's side wins conflicts)",
}


def git_environment() -> dict[str, str]:
    """Environment variables that define the driver for every git run under them (git 2.31 or later).

    A hub passes them to each learner's server (``c.Spawner.environment``, or ``singleuser.extraEnv``
    in Zero to JupyterHub), so nbgitpuller's merges use the driver without any git config file.

    Examples
    --------
    >>> git_environment()["GIT_CONFIG_KEY_0"]
    'merge.jupyternotebook.driver'
    """
    variables = {"GIT_CONFIG_COUNT": str(len(DRIVER))}
    for index, (key, value) in enumerate(DRIVER.items()):
        variables |= {f"GIT_CONFIG_KEY_{index}": key, f"GIT_CONFIG_VALUE_{index}": value}
    return variables


ATTRIBUTE = "*.ipynb merge=jupyternotebook"
#: Author of the commits the update makes when the learner has not told git who they are.
AUTHOR = ["-c", "user.name=course update", "-c", "user.email=course-update@localhost"]
COURSE_COPY = ".course-update"


class UpdateError(RuntimeError):
    """The update could not be done; the learner's files are as they were (the message says why)."""


@dataclass
class UpdateReport:
    """What an update did: the learner's commit, notebooks merged, and the course's copies saved aside."""

    saved_work: str = ""
    merged: list[str] = field(default_factory=list)
    kept_yours: list[str] = field(default_factory=list)  # conflicts: yours stays, the course's is beside it
    up_to_date: bool = False


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run one git command in ``repo`` and return its result (text)."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check and done.returncode:
        raise UpdateError(f"git {' '.join(args)} failed: {(done.stderr or done.stdout).strip()}")
    return done


def configure_merge_driver(repo: Path) -> None:
    """Set up the notebook merge driver for this clone (what ``nbdime config-git --enable`` does for nbdime's).

    The driver goes into the clone's ``.git/config`` and the rule ``*.ipynb merge=jupyternotebook`` into
    its ``.git/info/attributes`` as well, so even a clone older than the repository's ``.gitattributes``
    merges its notebooks cell by cell on its first update.

    Raises
    ------
    UpdateError
        If ``repo`` is not a git clone.
    """
    if git(repo, "rev-parse", "--is-inside-work-tree", check=False).returncode:
        raise UpdateError(f"update: {repo} is not a git clone of the course (download it with git clone)")
    for key, value in DRIVER.items():
        git(repo, "config", key, value)
    attributes = Path(repo, git(repo, "rev-parse", "--git-path", "info/attributes").stdout.strip())
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if ATTRIBUTE not in existing:
        attributes.parent.mkdir(parents=True, exist_ok=True)
        attributes.write_text(existing + ("" if existing.endswith("\n") or not existing else "\n") + ATTRIBUTE + "\n")


def invalid_notebooks(repo: Path, paths: list[str]) -> list[str]:
    """Those of ``paths`` (relative to ``repo``) that are not valid notebooks, each with the reason."""
    bad = []
    for name in paths:
        path = repo / name
        if not name.endswith(".ipynb") or not path.exists():
            continue
        try:
            nbformat.validate(nbformat.read(path, as_version=4))
        except Exception as error:  # any reason at all: the notebook cannot be opened
            bad.append(f"{name}: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
    return bad


def merge_notebooks(
    base: nbformat.NotebookNode, local: nbformat.NotebookNode, remote: nbformat.NotebookNode
) -> tuple[nbformat.NotebookNode, bool]:
    """nbdime's cell-by-cell merge of the learner's (``local``) and the course's (``remote``) notebook.

    Everything only one side changed is taken from it. Cells both sides inserted at the same place are
    all kept, the learner's first (nbdime's ``union`` for the cell list). Where both changed the same
    lines of a cell, its outputs or metadata, the learner's version wins (nbdime's ``use-local``),
    as nbgitpuller's ``-Xours`` does for text. Returns the merged notebook and whether some change of
    the course's was left out that way.
    """
    from argparse import Namespace

    from nbdime.merging.decisions import apply_decisions
    from nbdime.merging.generic import decide_merge_with_diff
    from nbdime.merging.notebooks import diff_notebooks, notebook_merge_strategies

    options = Namespace(merge_strategy="use-local", input_strategy=None, output_strategy=None, ignore_transients=True)
    strategies = notebook_merge_strategies(options)
    strategies["/cells"] = "union"
    decisions = decide_merge_with_diff(
        base, local, remote, diff_notebooks(base, local), diff_notebooks(base, remote), strategies
    )
    dropped = any(d.local_diff and d.remote_diff and d.action in ("local", "base") for d in decisions)
    return nbformat.from_dict(apply_decisions(base, decisions)), dropped


def merge_driver(base: Path, local: Path, remote: Path, name: str) -> int:
    """Git's merge driver: merge into ``local`` (git's rule); save the course's copy beside it if needed.

    Exits 0 when the result is a valid notebook. If the course's notebook cannot even be read, the
    learner's file stays as it is and the course's goes beside it.
    """
    target = Path(name)
    copy = target.with_name(f"{target.stem}{COURSE_COPY}{target.suffix}")
    try:
        notebooks = [_read_or_empty(path) for path in (base, local, remote)]
        merged, dropped = merge_notebooks(*notebooks)
        nbformat.validate(merged)
    except Exception as error:  # nothing readable to merge: keep the learner's file untouched
        print(f"{name}: could not merge ({type(error).__name__}: {error}); yours is kept", file=sys.stderr)
        if remote.exists():
            copy.write_bytes(remote.read_bytes())
        return 0
    if dropped:
        copy.write_text(nbformat.writes(notebooks[2]) + "\n", encoding="utf-8")
        print(f"{name}: the course changed lines you changed too; yours stayed, the course's is in {copy}")
    local.write_text(nbformat.writes(merged) + "\n", encoding="utf-8")
    return 0


def _read_or_empty(path: Path) -> nbformat.NotebookNode:
    """A notebook, or an empty one for git's empty base (a notebook both sides added)."""
    text = path.read_text(encoding="utf-8")
    return nbformat.reads(text, as_version=4) if text.strip() else nbformat.v4.new_notebook()


def _keep_yours(repo: Path, name: str) -> None:
    """A conflicted file that is not a notebook: yours stays, the course's goes beside it."""
    path = repo / name
    theirs = git(repo, "show", f":3:{name}", check=False)
    if theirs.returncode == 0:
        path.with_name(f"{path.stem}{COURSE_COPY}{path.suffix}").write_text(theirs.stdout, encoding="utf-8")
    git(repo, "checkout", "--ours", "--", name)
    git(repo, "add", "--", name)


def update(repo: Path, remote: str = "origin", branch: str | None = None) -> UpdateReport:
    """Save the learner's work, pull the course with the notebook merge driver, and check every notebook.

    Parameters
    ----------
    repo : Path
        The learner's clone of the course.
    remote, branch : str
        Where the course comes from (default: ``origin`` and the branch checked out).

    Raises
    ------
    UpdateError
        If the update cannot be done or would leave a broken notebook; nothing is lost then.
    """
    configure_merge_driver(repo)
    if git(repo, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False).returncode == 0:
        raise UpdateError("update: a merge is already in progress here; finish it (git commit) or undo it first")
    report = UpdateReport()
    author = [] if git(repo, "config", "user.email", check=False).stdout.strip() else AUTHOR
    branch = branch or git(repo, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    git(repo, "add", "--all")
    if git(repo, "diff", "--cached", "--quiet", check=False).returncode:
        report.saved_work = f"My work before the course update ({datetime.now():%Y-%m-%d %H:%M})"
        git(repo, *author, "commit", "--quiet", "-m", report.saved_work)
    before = git(repo, "rev-parse", "HEAD").stdout.strip()
    git(repo, "fetch", "--quiet", remote, branch)
    if git(repo, "merge-base", "--is-ancestor", "FETCH_HEAD", "HEAD", check=False).returncode == 0:
        report.up_to_date = True
        return report
    merge = git(repo, *author, "merge", "--no-edit", "FETCH_HEAD", check=False)
    conflicted = git(repo, "diff", "--name-only", "--diff-filter=U").stdout.split()
    if merge.returncode and not conflicted:
        git(repo, "merge", "--abort", check=False)
        raise UpdateError(f"update: git merge failed: {(merge.stderr or merge.stdout).strip()}")
    for name in conflicted:
        _keep_yours(repo, name)
    if conflicted:
        git(repo, *author, "commit", "--quiet", "--no-edit")
    copies = git(repo, "ls-files", "--others", "--exclude-standard", f"*{COURSE_COPY}.*").stdout.split()
    report.kept_yours = [name.replace(COURSE_COPY, "") for name in copies]
    if copies:
        git(repo, "add", "--", *copies)
        git(repo, *author, "commit", "--quiet", "-m", "The course's versions of what I had changed too")
    changed = git(repo, "diff", "--name-only", before, "HEAD").stdout.split()
    report.merged = [name for name in changed if name.endswith(".ipynb") and COURSE_COPY not in name]
    broken = invalid_notebooks(repo, changed)
    if broken:
        git(repo, "reset", "--hard", "--quiet", before)
        raise UpdateError(
            "update: undone, because it would have left notebooks that do not open:\n  "
            + "\n  ".join(broken)
            + f"\nYour work is as it was (commit {before[:10]}). Please tell the course's maintainers."
        )
    return report


def main(repo: Path) -> int:
    """``python -m nnlib.course update``: run :func:`update` and say what happened."""
    try:
        report = update(repo)
    except UpdateError as error:
        print(error, file=sys.stderr)
        return 1
    if report.saved_work:
        print(f"Your work was committed first: '{report.saved_work}'.")
    if report.up_to_date:
        print("The course is already up to date.")
        return 0
    for name in report.merged:
        print(f"updated {name}")
    for name in report.kept_yours:
        stem, dot, suffix = name.rpartition(".")
        print(
            f"\n{name}: you and the course changed the same lines. Your version stayed; the course's new "
            f"version is in {stem}{COURSE_COPY}{dot}{suffix}. Copy from it what you need."
        )
    print("\nEvery updated notebook is valid and keeps your work. Reopen the lessons you had open.")
    return 0


if __name__ == "__main__":  # git runs the merge driver as: python -m nnlib.updates BASE OURS THEIRS PATH
    sys.exit(merge_driver(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]))
