"""Check that this machine is ready for the course: ``python -m nnlib.doctor``.

Prints one ``[OK]`` or ``[FAIL]`` line per requirement (Python, each package against the range the
course declares, the Jupyter kernel, whether nnlib can be imported from that kernel) and, under each
failure, what to do about it. Exits with status 1 from the shell when anything fails.

Introduced in lesson 00 (check your setup).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement
from packaging.version import Version

DISTRIBUTION = "neurons-to-networks"
PYTHON_RANGE = ">=3.10"
INSTALL = "python -m pip install -r requirements.txt"
#: Used when nnlib runs from a source folder without being installed.
FALLBACK_REQUIREMENTS = (
    "numpy>=2.0",
    "matplotlib>=3.8",
    "ipywidgets>=8.0",
    "jupyterlab>=4.0",
    "scikit-learn>=1.3",
    "packaging>=23",
)
#: The piece that draws sliders in JupyterLab; without it you get "Error: model not found".
WIDGET_FRONTEND = "jupyterlab_widgets>=3.0"


@dataclass(frozen=True)
class Finding:
    """One line of the report: ``ok`` or not, what was checked, and the fix when it failed."""

    ok: bool
    what: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"[{'OK' if self.ok else 'FAIL'}]{' ' if self.ok else ''} {self.what}"
        return line if self.ok else f"{line}\n       fix: {self.fix}"


def check_python(version: str = "") -> Finding:
    """Is this Python recent enough?

    Examples
    --------
    >>> check_python("3.9.1").ok
    False
    """
    version = version or ".".join(map(str, sys.version_info[:3]))
    ok = Version(version) in Requirement(f"python{PYTHON_RANGE}").specifier
    return Finding(
        ok,
        f"Python {version} (need {PYTHON_RANGE})",
        "install Python 3.11 or newer (python.org or conda), then make a new environment",
    )


def check_requirement(requirement: str) -> Finding:
    """Is the package named in ``requirement`` (e.g. ``"numpy>=2.0"``) installed in a version that fits?

    Examples
    --------
    >>> check_requirement("no-such-package-nnlib>=1").ok
    False
    """
    req = Requirement(requirement)
    try:
        installed = metadata.version(req.name)
    except metadata.PackageNotFoundError:
        return Finding(False, f"{req.name} is not installed (need {req.specifier})", INSTALL)
    ok = req.specifier.contains(installed, prereleases=True)
    return Finding(
        ok,
        f"{req.name} {installed} (need {req.specifier or 'any version'})",
        f'python -m pip install "{req}"  (or reinstall: {INSTALL})',
    )


def declared_requirements() -> list[str]:
    """The package ranges the course declares in pyproject.toml (without optional extras)."""
    try:
        declared = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return list(FALLBACK_REQUIREMENTS)
    return [r for r in declared if "extra ==" not in r]


def check_nnlib_installed() -> Finding:
    """Is nnlib installed as a package (so notebooks in any folder can import it)?"""
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return Finding(False, "nnlib is importable here but not installed as a package", INSTALL)
    return Finding(True, f"nnlib {version} is installed (the course's own library)")


def check_kernel() -> Finding:
    """Which Python runs the notebooks, and can it import nnlib?

    Inside a notebook, that is this very Python. From the shell, it is the ``python3`` Jupyter kernel.
    """
    if _in_kernel():
        return Finding(True, f"this notebook's kernel runs {sys.executable}, which can import nnlib")
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return Finding(False, "Jupyter is not installed in this Python", INSTALL)
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Finding(False, "no Jupyter kernel named python3", "python -m ipykernel install --user")
    except (ValueError, OSError, KeyError, TypeError) as error:  # a kernel.json that is not JSON, or unreadable
        return Finding(
            False,
            f"the python3 kernel's kernel.json cannot be read ({type(error).__name__}: {error})",
            f"register this environment as the kernel again: {sys.executable} -m ipykernel install --user",
        )
    if not spec.argv:
        return Finding(
            False,
            "the python3 kernel's kernel.json names no program to run (empty argv)",
            f"register this environment as the kernel again: {sys.executable} -m ipykernel install --user",
        )
    python = spec.argv[0]
    if python in ("python", "python3", sys.executable):
        return Finding(True, f"Jupyter kernel python3 runs this Python ({sys.executable}), which imports nnlib")
    try:
        result = subprocess.run([python, "-c", "import nnlib"], capture_output=True, timeout=60, check=False)
        imports = result.returncode == 0
    except OSError:
        imports = False
    return Finding(
        imports,
        f"Jupyter kernel python3 runs {python}" + ("" if imports else ", which cannot import nnlib"),
        f"register this environment as the kernel: {sys.executable} -m ipykernel install --user",
    )


def run_all() -> list[Finding]:
    """Every check, in the order the report prints them."""
    findings = [check_python()]
    findings += [check_requirement(r) for r in declared_requirements()]
    findings += [check_requirement(WIDGET_FRONTEND), check_nnlib_installed(), check_kernel()]
    return findings


def report(findings: list[Finding]) -> str:
    """The printed report: one line per finding and a summary line."""
    failed = sum(not f.ok for f in findings)
    summary = (
        "All checks passed: you are ready for lesson 01."
        if not failed
        else f"{failed} check(s) failed: follow the fix under each [FAIL], then run this again. "
        "Still stuck? See Troubleshooting in README.md."
    )
    return "\n".join([*map(str, findings), "", summary])


def _in_kernel() -> bool:
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return bool(shell) and getattr(shell, "kernel", None) is not None


def main() -> int:
    """Print the report; return 1 if anything failed."""
    findings = run_all()
    print(report(findings))
    return 0 if all(f.ok for f in findings) else 1


if __name__ == "__main__":
    sys.exit(main())
