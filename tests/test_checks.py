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
    with pytest.raises(CheckFailed, match=r"must return w, an array of two weights.*Neuron: w contains NaN"):
        checks.check_or_weights(lambda: ([np.nan, 1.0], -0.5))
    with pytest.raises(CheckFailed, match=r"\(`return w, b`, in that order\); it returned w = -0.5"):
        checks.check_or_weights(lambda: (-0.5, np.array([1.0, 1.0])))


def test_gate_check_shows_the_learners_own_sum_and_accepts_decimals_that_sum_to_zero(capsys):
    with pytest.raises(CheckFailed, match=r"with your w = \[1, 1\], b = -1.5, z = 0\*1 \+ 1\*1 - 1.5 = -0.5 here"):
        checks.check_or_weights(lambda: (np.array([1.0, 1.0]), -1.5))
    checks.check_gate_weights("AND", lambda: ([0.3, 0.6], -0.9))  # 0.3 + 0.6 - 0.9 is 0 on paper
    assert capsys.readouterr().out == "AND weights: 4/4 checks passed\n"
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


def test_renamed_parameters_are_explained_not_reported_as_a_crash():
    def weighted_sum(inputs, weights, bias=0.0):
        return inputs @ weights + bias

    with pytest.raises(CheckFailed, match=r"your function's parameters are \(inputs, weights, bias\)\. Keep the"):
        checks.check_weighted_sum(weighted_sum)


def test_a_type_error_inside_the_learners_code_is_still_reported_with_its_case():
    with pytest.raises(CheckFailed, match=r"check 1 of 6 failed \(one input, one weight\): raised TypeError"):
        checks.check_weighted_sum(lambda x, w, b=0.0: len(3))


def test_jupyter_shows_the_message_without_the_checks_own_code():
    with pytest.raises(NotAttemptedError) as caught:
        checks.check_weighted_sum(stub)
    assert caught.value._render_traceback_() == [f"NotAttemptedError: {caught.value}"]

    def crashing(x, w, b=0.0):
        return x @ w[5] + b

    with pytest.raises(CheckFailed) as caught:
        checks.check_weighted_sum(crashing)
    shown = "".join(caught.value._render_traceback_())
    assert "Your function raised this error" in shown and "x @ w[5] + b" in shown
    assert "_core.py" not in shown


def test_a_known_mistake_gets_its_own_hint():
    case = Case("x = 2", {"x": 2.0}, 4.0, "general hint", mistakes=((2.0, "you returned x itself"),))
    with pytest.raises(CheckFailed, match="hint:     you returned x itself"):
        run_cases("double", lambda x: x, [case])
    with pytest.raises(CheckFailed, match="hint:     general hint"):
        run_cases("double", lambda x: x + 1.5, [case])
