"""nnlib.checks must pass right answers, and stop wrong ones with a message that names the mistake."""

import numpy as np
import pytest

from nnlib import checks
from nnlib.checks import Case, CheckFailed, NotAttemptedError, run_cases
from nnlib.neuron import step, weighted_sum


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise 1.1: weighted_sum")


def test_reference_functions_pass(capsys):
    checks.check_weighted_sum(weighted_sum)
    checks.check_step(step)
    checks.check_or_weights(lambda: ([1.0, 1.0], -0.5))
    checks.check_nand_weights(lambda: ([-1.0, -1.0], 1.5))
    checks.check_double(lambda x: 2 * x)
    assert capsys.readouterr().out.splitlines() == [
        "weighted_sum: 6/6 checks passed",
        "step: 5/5 checks passed",
        "OR weights: 4/4 checks passed",
        "NAND weights: 4/4 checks passed",
        "double: 3/3 checks passed",
    ]


def test_untouched_stub_reads_not_attempted():
    with pytest.raises(NotAttemptedError, match="weighted_sum: not attempted yet"):
        checks.check_weighted_sum(stub)
    with pytest.raises(NotAttemptedError, match="OR weights: not attempted yet"):
        checks.check_or_weights(stub)


@pytest.mark.parametrize(
    ("wrong", "names"),
    [
        (lambda x, w, b=0.0: float(np.dot(x, w)), "check 4 of 6 failed (only the bias is non-zero)"),
        (
            lambda x, w, b=0.0: sum(x[i] * w[i] for i in range(len(x) - 1)) + b,
            "check 1 of 6 failed (one input, one weight)",
        ),
        (
            lambda x, w, b=0.0: float(sum(x[i] * w[i] for i in range(min(len(x), 2))) + b),
            "check 3 of 6 failed (only the last input is on)",
        ),
        (lambda x, w, b=0.0: float(np.dot(x, w) + b * len(x)), "check 4 of 6 failed (only the bias"),
        (
            lambda x, w, b=0.0: sum(xi * wi for xi, wi in zip(x, w, strict=True)) + b,
            "check 6 of 6 failed (a batch",
        ),
        (lambda x, w, b=0.0: None, "returned None: is there a `return`"),
        (lambda x, w, b=0.0: x * w + b, "returned an array of shape (1,), expected a single number"),
    ],
)
def test_weighted_sum_check_names_the_mistake(wrong, names):
    with pytest.raises(CheckFailed) as caught:
        checks.check_weighted_sum(wrong)
    message = str(caught.value)
    assert names in message
    assert "input:" in message and "expected:" in message and "hint:" in message


def test_failure_message_never_contains_the_answer_code():
    with pytest.raises(CheckFailed) as caught:
        checks.check_weighted_sum(lambda x, w, b=0.0: float(np.dot(x, w)))
    assert "x @ w + b" not in str(caught.value)


def test_step_check_catches_strict_inequality_and_scalar_only_code():
    with pytest.raises(CheckFailed, match=r"(?s)sum of exactly zero.*got:      0\n.*>=, not >"):
        checks.check_step(lambda z: (np.asarray(z) > 0).astype(int))
    with pytest.raises(CheckFailed, match=r"an array of sums\): raised ValueError") as caught:
        checks.check_step(lambda z: 1 if z >= 0 else 0)
    assert isinstance(caught.value.__cause__, ValueError)  # the learner's own error stays visible


def test_gate_check_names_the_failing_input():
    with pytest.raises(CheckFailed, match=r"(?s)input \[0, 0\] should give 0.*stay below 0"):
        checks.check_or_weights(lambda: ([1.0, 1.0], 0.5))
    with pytest.raises(CheckFailed, match=r"input \[1, 1\] should give 0"):
        checks.check_nand_weights(lambda: ([-1.0, -1.0], 2.5))
    with pytest.raises(CheckFailed, match="OR weights: w needs one weight per input, 2 in all; got 3"):
        checks.check_or_weights(lambda: ([1.0, 1.0, 1.0], -0.5))
    with pytest.raises(ValueError, match="Neuron: w contains NaN"):
        checks.check_or_weights(lambda: ([np.nan, 1.0], -0.5))
    with pytest.raises(CheckFailed, match=r"must return two things.*returned \[1.0, 1.0\]"):
        checks.check_or_weights(lambda: [1.0, 1.0])


def test_passing_a_call_instead_of_a_function_is_explained():
    with pytest.raises(TypeError, match=r"Pass the function itself, without calling it: check_weighted_sum"):
        checks.check_weighted_sum(3.0)


def test_inputs_are_copied_so_a_mutating_answer_cannot_spoil_later_cases():
    def mutating(x):
        x *= 0
        return 2 * np.asarray(x, dtype=float) + 1

    case = Case("array", {"x": np.array([1.0, 2.0])}, np.array([3.0, 5.0]), "double then add one")
    with pytest.raises(CheckFailed, match="returned the wrong value"):
        run_cases("f", mutating, [case])
    assert np.array_equal(case.inputs["x"], [1.0, 2.0])
