"""The install routes (pip, conda, Binder) ask for the same packages in the same ranges."""

import re
from importlib import metadata

from .conftest import ROOT

DIST = "neurons-to-networks"


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


def test_conda_environment_covers_every_pip_requirement():
    conda = conda_dependencies(ROOT / "environment.yml")
    assert declared() <= conda
    assert f"python{metadata.metadata(DIST)['Requires-Python']}" in conda


def test_lower_bounds_only_no_pins():
    for requirement in declared(extras=("test", "browser", "dev")):
        assert ">=" in requirement and "==" not in requirement and "<" not in requirement, requirement
