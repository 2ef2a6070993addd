"""Lesson 04's checks pass the reference and name the mistake in typical wrong answers."""

import numpy as np
import pytest

from nnlib import checks
from nnlib.activations import sigmoid, sigmoid_derivative
from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.losses import sse, sse_derivative
from nnlib.training import neuron_gradient


def stub(*args, **kwargs):
    raise NotImplementedError


def test_references_pass(capsys):
    checks.check_sse(sse)
    checks.check_sse_derivative(sse_derivative)
    checks.check_neuron_gradient(neuron_gradient)
    checks.check_gradient_step(lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db))
    assert capsys.readouterr().out.count("checks passed") == 4


@pytest.mark.parametrize(
    "check",
    [
        checks.check_sse,
        checks.check_sse_derivative,
        checks.check_neuron_gradient,
        checks.check_gradient_step,
        checks.check_train,
    ],
)
def test_stubs_read_not_attempted(check):
    with pytest.raises(NotAttemptedError, match="not attempted yet"):
        check(stub)


@pytest.mark.parametrize(
    ("check", "wrong", "names"),
    [
        (
            checks.check_sse,
            lambda y, y_hat: float(np.sum(y - y_hat)),
            "check 2 of 5 failed (one error of 0.5)",
        ),
        (checks.check_sse, lambda y, y_hat: float(np.mean((y - y_hat) ** 2)), "check 4 of 5 failed (errors add up"),
        (
            checks.check_sse_derivative,
            lambda y, y_hat: 2 * (y - y_hat),
            "check 2 of 5 failed (a prediction that is too high)",
        ),
        (checks.check_sse_derivative, lambda y, y_hat: y_hat - y, "check 2 of 5 failed"),
        (
            checks.check_neuron_gradient,
            lambda X, y, w, b: (
                X.T @ ((sigmoid(X @ w + b) - y) * sigmoid(X @ w + b) * (1 - sigmoid(X @ w + b))),
                float(np.sum((sigmoid(X @ w + b) - y) * sigmoid(X @ w + b) * (1 - sigmoid(X @ w + b)))),
            ),
            "check 2 of 6 failed (the error factor 2 * (y_hat - y))",
        ),
        (
            checks.check_neuron_gradient,
            lambda X, y, w, b: (
                X.T @ (2 * (sigmoid(X @ w + b) - y) * sigmoid_derivative(sigmoid(X @ w + b))),
                float(np.sum(2 * (sigmoid(X @ w + b) - y) * sigmoid_derivative(sigmoid(X @ w + b)))),
            ),
            "check 2 of 6 failed",
        ),
        (
            checks.check_neuron_gradient,
            lambda X, y, w, b: (X.T @ (2 * (sigmoid(X @ w + b) - y)), float(np.sum(2 * (sigmoid(X @ w + b) - y)))),
            "check 2 of 6 failed",
        ),
        (
            checks.check_gradient_step,
            lambda w, b, dw, db, lr: (w + lr * dw, b + lr * db),
            "check 2 of 5 failed (step against",
        ),
        (
            checks.check_gradient_step,
            lambda w, b, dw, db, lr: (w - lr * dw, b),
            "check 4 of 5 failed (the bias steps too)",
        ),
        (checks.check_gradient_step, lambda w, b, dw, db, lr: w - lr * dw, "expected 2 values (a tuple)"),
    ],
)
def test_typical_mistakes_are_named(check, wrong, names):
    with pytest.raises(CheckFailed) as caught:
        check(wrong)
    assert names in str(caught.value)


def test_train_check_catches_losses_recorded_after_the_step():
    def after(X, y, w, b, lr, n_iterations):
        losses = []
        for _ in range(n_iterations):
            dw, db = neuron_gradient(X, y, w, b)
            w, b = w - lr * dw, b - lr * db
            losses.append(sse(y, sigmoid(X @ w + b)))
        return w, b, np.array(losses)

    with pytest.raises(CheckFailed, match=r"check 1 of 4 failed \(one iteration\): the third returned value is off"):
        checks.check_train(after)
