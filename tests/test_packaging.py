"""The install routes (pip, conda, Binder) ask for the same packages in the same ranges."""

import re
import tomllib

from .conftest import ROOT


def conda_dependencies(path):
    text = path.read_text()
    return {line.strip()[2:] for line in text.splitlines() if re.match(r"^  - [a-z]", line)} - {"pip", "pip:"}


def test_binder_environment_equals_the_conda_environment():
    assert conda_dependencies(ROOT / "binder" / "environment.yml") == conda_dependencies(ROOT / "environment.yml")


def test_conda_environment_covers_every_pip_requirement():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    conda = conda_dependencies(ROOT / "environment.yml")
    assert {r.replace(" ", "") for r in declared} <= conda
    assert f"python{project['requires-python']}" in conda


def test_lower_bounds_only_no_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        assert ">=" in requirement and "==" not in requirement and "<" not in requirement, requirement
