"""Lesson 04's checks pass the reference and name the mistake in typical wrong answers."""

import numpy as np
import pytest

from nnlib import checks
from nnlib.activations import sigmoid, sigmoid_derivative
from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks.lesson04 import _reference_train
from nnlib.losses import sse, sse_derivative
from nnlib.training import gradient_step, neuron_gradient


def stub(*args, **kwargs):
    raise NotImplementedError


def test_references_pass(capsys):
    checks.check_sse(sse)
    checks.check_sse_derivative(sse_derivative)
    checks.check_neuron_gradient(neuron_gradient)
    checks.check_gradient_step(gradient_step)
    checks.check_train(_reference_train)
    assert capsys.readouterr().out.count("checks passed") == 5


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


def _gradient_with(delta_of, average=False, bias=None, ignore_inputs=False):
    """A wrong neuron_gradient: ``delta_of(y_hat, y)`` replaces the chain rule's first two factors."""

    def neuron_gradient(X, y, w, b):
        y_hat = sigmoid(X @ w + b)
        delta = delta_of(y_hat, y) / (len(y) if average else 1)
        dw = np.full(w.shape, delta.sum()) if ignore_inputs else X.T @ delta
        return dw, float(delta.sum()) if bias is None else bias

    return neuron_gradient


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        (
            _gradient_with(lambda p, y: (p - y) * p * (1 - p)),
            "check 2 of 6 failed (one sample, prediction 0.75 but target 0; the error factor is half its size)",
        ),
        (_gradient_with(lambda p, y: 2 * (y - p) * p * (1 - p)), "; the error factor has the wrong sign)"),
        (_gradient_with(lambda p, y: (y - p) * p * (1 - p)), "; the error factor has the wrong sign and is half"),
        (_gradient_with(lambda p, y: 2 * (p - y)), "; the sigmoid's slope is missing)"),
        (_gradient_with(lambda p, y: 2 * (p - y) * sigmoid_derivative(p)), "; the sigmoid's slope is taken at y_hat"),
        (_gradient_with(lambda p, y: 2 * (p - y) * p), "; the sigmoid's slope is incomplete)"),
        (_gradient_with(lambda p, y: 2 * (p - y) * (1 - p)), "; the sigmoid's slope is incomplete)"),
        (_gradient_with(lambda p, y: 2 * (p - y) * p * (1 - p), ignore_inputs=True), "; the input factor is missing)"),
        (_gradient_with(lambda p, y: 2 * (p - y) * p * (1 - p), bias=0.0), "; dw is right but db is not)"),
        (
            _gradient_with(lambda p, y: 2 * (p - y) * p * (1 - p), average=True),
            "check 6 of 6 failed (a batch: add up the samples' gradients; the samples are averaged, not added)",
        ),
    ],
)
def test_neuron_gradient_check_names_the_wrong_factor(wrong, named):
    with pytest.raises(CheckFailed) as caught:
        checks.check_neuron_gradient(wrong)
    assert named in str(caught.value)
    assert "2 * (y_hat - y) * y_hat * (1 - y_hat)" not in str(caught.value)  # a hint, not the answer


def test_neuron_gradient_check_without_a_known_mistake_still_reports_the_case():
    def odd(X, y, w, b):
        return X.T @ (sigmoid(X @ w + b) - y + 0.1), 0.0

    with pytest.raises(CheckFailed, match=r"neuron_gradient: check 1 of 6 failed \(prediction equals the target"):
        checks.check_neuron_gradient(odd)
