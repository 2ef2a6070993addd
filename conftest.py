"""pytest setup for the whole repository (loaded even when only solutions/ is tested).

nbval's notebook cells run in a kernel: each gets the ``notebooks`` marker (``python -m pytest -m "not
notebooks"`` skips them). pytest-xdist's ``--dist loadfile`` keeps the cells of one notebook together,
in order, in one worker and one kernel. Every kernel a test starts (nbval's too) inherits
``KERNEL_ENV``: BLAS on one thread, as when the solutions' outputs were stored.
"""

import os

import pytest

from nnlib.notebook_run import KERNEL_ENV

os.environ.update(KERNEL_ENV)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark nbval's cells as they are collected."""
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed
        return
    if isinstance(item, IPyNbCell):
        item.add_marker(pytest.mark.notebooks)
