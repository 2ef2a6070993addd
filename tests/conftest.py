"""Shared test setup: a non-interactive matplotlib backend and the repository's paths."""

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never pile up across tests."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
