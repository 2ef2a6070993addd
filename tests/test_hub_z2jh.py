"""instructors/hub/config.yaml is valid for the Zero to JupyterHub chart, checked as Helm checks it.

Helm merges a deployment's values over the chart's ``values.yaml`` and validates the result against
the chart's ``values.schema.yaml`` before it renders anything. The chart's two files are reference
material kept outside the project, in ``../shared/reference/z2jh`` next to the checkout (or where
``N2N_Z2JH_REFERENCE`` points); without them these tests are skipped.
"""

from __future__ import annotations

import copy
import functools
import os
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

jsonschema = pytest.importorskip("jsonschema")
yaml = pytest.importorskip("yaml")

REFERENCE = Path(os.environ.get("N2N_Z2JH_REFERENCE", ROOT.parent / "shared" / "reference" / "z2jh"))
if not (REFERENCE / "values.schema.yaml").exists():
    pytest.skip(f"Zero to JupyterHub reference files not found in {REFERENCE}", allow_module_level=True)

CONFIG = ROOT / "instructors" / "hub" / "config.yaml"


def merge(base: dict, over: dict) -> dict:
    """Helm's values merge: mappings merge key by key, anything else replaces; null deletes a key."""
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@functools.cache
def reference(name: str) -> dict:
    return yaml.load((REFERENCE / name).read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def chart_values(config: dict) -> dict:
    return merge(reference("values.yaml"), config)


def validate(config: dict) -> None:
    jsonschema.validate(chart_values(config), reference("values.schema.yaml"))


def test_merge_follows_helm():
    base = {"a": {"b": 1, "c": 2}, "d": [1]}
    assert merge(base, {"a": {"c": 3}, "d": [2], "e": None}) == {"a": {"b": 1, "c": 3}, "d": [2]}
    assert merge(base, {"a": {"b": None}}) == {"a": {"c": 2}, "d": [1]}


def test_config_yaml_passes_the_charts_schema():
    validate(yaml.safe_load(CONFIG.read_text()))


def test_config_yaml_sets_what_the_room_needs():
    values = chart_values(yaml.safe_load(CONFIG.read_text()))
    singleuser = values["singleuser"]
    assert singleuser["defaultUrl"] == "/lab"
    assert singleuser["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "shared-password"
    assert singleuser["memory"]["guarantee"] and singleuser["memory"]["limit"]
    assert singleuser["cpu"]["guarantee"] and singleuser["cpu"]["limit"]
    assert values["cull"]["enabled"] is True


def test_config_yaml_gives_learners_the_notebook_merge_driver():
    from nnlib.updates import git_environment

    extra = yaml.safe_load(CONFIG.read_text())["singleuser"]["extraEnv"]
    expected = git_environment()
    assert extra.keys() == expected.keys()
    for key, value in expected.items():  # the image's own python runs the driver
        assert extra[key] == value.replace(f'"{sys.executable}"', "python"), key


@pytest.mark.parametrize(
    "mistake",
    [
        {"singleuser": {"defaultURL": "/lab"}},  # a misspelt key
        {"singleuser": {"memory": {"guarantee": {"value": "400M"}}}},  # a mapping where a size belongs
        {"cull": {"enabled": "yes"}},  # a string where a yes/no belongs
        {"hub": {"config": {"jupyterhub": {"admin_access": True}}}},  # a config class in lower case
    ],
)
def test_the_schema_check_catches_a_broken_config(mistake):
    with pytest.raises(jsonschema.ValidationError):
        validate(merge(yaml.safe_load(CONFIG.read_text()), mistake))
