"""Checks for lesson 00: a practice exercise that shows how every exercise in the course works."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnlib.checks._core import Case, run_cases


def check_double(double: Callable) -> None:
    """Check a learner's ``double(x)`` (Exercise 0.1, the practice exercise).

    Examples
    --------
    >>> check_double(lambda x: 2 * x)
    double: 3/3 checks passed
    """
    __tracebackhide__ = True
    cases = [
        Case("a whole number", {"x": 3}, 6, "return the number times two"),
        Case("a negative number", {"x": -1.5}, -3.0, "the sign must stay: -1.5 doubled is below zero"),
        Case(
            "an array",
            {"x": np.array([0.0, 1.0, 2.5])},
            np.array([0.0, 2.0, 5.0]),
            "NumPy arrays multiply element by element, so 2 * x works on an array too",
        ),
    ]
    run_cases("double", double, cases)
