"""Instant feedback for the exercises: ``check_<name>(your_function)`` after each exercise.

Every check prints one line such as ``sigmoid: 5/5 checks passed`` or stops at the first failing
case with the input, the expected and the returned value, and a hint.
"""

from nnlib.checks._core import Case, CheckFailed, NotAttemptedError, compare, run_cases
from nnlib.checks.lesson00 import check_double
from nnlib.checks.lesson01 import (
    check_gate_weights,
    check_nand_weights,
    check_or_weights,
    check_step,
    check_weighted_sum,
)

__all__ = [
    "Case",
    "CheckFailed",
    "NotAttemptedError",
    "check_double",
    "check_gate_weights",
    "check_nand_weights",
    "check_or_weights",
    "check_step",
    "check_weighted_sum",
    "compare",
    "run_cases",
]
