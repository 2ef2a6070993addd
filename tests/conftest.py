"""Shared test setup: a non-interactive matplotlib backend, the repository's paths, and the
``notebooks`` marker that separates the tests which start a kernel, a server or a browser.

``python -m pytest -m "not notebooks"`` is the everyday loop (unit tests and doctests, no kernel).
nbval's cells get the marker in the repository's top-level conftest.py; a test of ours that starts a kernel must say
``@pytest.mark.notebooks``, and one that forgets fails at once with a message that says so.
"""

import os
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

# Kernels inherit this environment: no debugger warning about frozen modules at every kernel start.
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

# Hypothesis fails any example that takes longer than 200 ms (its default "deadline"), however right
# the answer. On a busy 2-core CI machine a process can be descheduled for longer than that, and a
# property test then fails (DeadlineExceeded, or Flaky when the rerun is fast). Speed is not what
# these tests check, so no test has a deadline; every example and every assertion is unchanged.
settings.register_profile("course", deadline=None)
settings.load_profile("course")

ROOT = Path(__file__).resolve().parent.parent

_running: list[pytest.Item] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _running.append(item)
    yield
    _running.pop()


def _refuse_kernels_in_unmarked_tests() -> None:
    """Starting a Jupyter kernel from a test without the ``notebooks`` marker fails with a clear message."""
    from jupyter_client.provisioning import local_provisioner

    launch = local_provisioner.launch_kernel

    def guarded_launch(*args, **kwargs):
        if _running and _running[-1].get_closest_marker("notebooks") is None:
            raise RuntimeError(
                f"{_running[-1].nodeid} starts a Jupyter kernel but is not marked: add @pytest.mark.notebooks "
                '(so that python -m pytest -m "not notebooks" stays fast and kernel-free)'
            )
        return launch(*args, **kwargs)

    local_provisioner.launch_kernel = guarded_launch


_refuse_kernels_in_unmarked_tests()


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never pile up across tests."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
