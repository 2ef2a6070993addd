"""The install routes (pip, conda, Binder) ask for the same packages in the same ranges."""

import re
from importlib import metadata

from packaging.requirements import Requirement

from .conftest import ROOT

DIST = "neurons-to-networks"
#: Upper bounds kept on purpose, each with its reason where it is declared (pyproject.toml).
CAPS = {"jsonschema": "<4.25"}  # 4.25+ imports rfc3987-syntax, 1.5 s more at every Jupyter start


def conda_dependencies(path):
    """conda's packages and those of its pip section (such as mnist1d, which only PyPI has)."""
    text = path.read_text()
    return {line.strip()[2:] for line in text.splitlines() if re.match(r"^(  |      )- [a-z]", line)} - {"pip", "pip:"}


def test_binder_environment_equals_the_conda_environment():
    binder = conda_dependencies(ROOT / "binder" / "environment.yml")
    assert binder == conda_dependencies(ROOT / "environment.yml")


def declared(extras=("test",)):
    """Requirements from the installed package's metadata: the core ones plus the given extras."""
    found = set()
    for requirement in metadata.requires(DIST):
        name, _, marker = requirement.partition(";")
        if not marker or any(f'extra == "{extra}"' in marker for extra in extras):
            found.add(name.strip().replace(" ", ""))
    return found


def parsed(requirements):
    """Each requirement as (name, specifier set), so that ">=1,<2" equals "<2,>=1"."""
    return {(r.name, r.specifier) for r in map(Requirement, requirements)}


def test_conda_environment_covers_every_pip_requirement():
    conda = conda_dependencies(ROOT / "environment.yml")
    assert parsed(declared()) <= parsed(conda)
    assert f"python{metadata.metadata(DIST)['Requires-Python']}" in conda


def test_lower_bounds_only_no_pins_and_only_the_listed_caps():
    for requirement in map(Requirement, declared(extras=("test", "browser", "dev"))):
        bounds = {spec.operator for spec in requirement.specifier}
        assert ">=" in bounds and "==" not in bounds, str(requirement)
        caps = "".join(str(spec) for spec in requirement.specifier if spec.operator == "<")
        assert caps == CAPS.get(requirement.name, ""), str(requirement)
