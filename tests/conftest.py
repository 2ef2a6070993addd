"""Shared test setup: a non-interactive matplotlib backend and the repository's paths."""

from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

# Hypothesis fails any example that takes longer than 200 ms (its default "deadline"), however right
# the answer. On a busy 2-core CI machine a process can be descheduled for longer than that, and a
# property test then fails (DeadlineExceeded, or Flaky when the rerun is fast). Speed is not what
# these tests check, so no test has a deadline; every example and every assertion is unchanged.
settings.register_profile("course", deadline=None)
settings.load_profile("course")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never pile up across tests."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
