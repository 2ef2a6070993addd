"""Lesson 02-03 checks pass the reference answers and stop typical wrong answers, naming the case."""

import numpy as np
import pytest

from nnlib import checks
from nnlib.activations import sigmoid, sigmoid_derivative
from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.perceptron import predict, train_perceptron, update
from nnlib.prediction import dot, make_prediction, predict_class


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise 2.1: predict")


def test_reference_functions_pass(capsys):
    checks.check_predict(predict)
    checks.check_update(update)
    checks.check_train_perceptron(train_perceptron)
    checks.check_separable_datasets(lambda: {"A", "C"})
    checks.check_dot(dot)
    checks.check_sigmoid(sigmoid)
    checks.check_sigmoid_derivative(sigmoid_derivative)
    checks.check_make_prediction(make_prediction)
    checks.check_predict_class(predict_class)
    assert capsys.readouterr().out.splitlines() == [
        "predict: 6/6 checks passed",
        "update: 7/7 checks passed",
        "train_perceptron: 6/6 checks passed",
        "separable_datasets: 4/4 checks passed",
        "dot: 6/6 checks passed",
        "sigmoid: 6/6 checks passed",
        "sigmoid_derivative: 5/5 checks passed",
        "make_prediction: 6/6 checks passed",
        "predict_class: 6/6 checks passed",
    ]


@pytest.mark.parametrize(
    "check",
    [
        checks.check_predict,
        checks.check_update,
        checks.check_train_perceptron,
        checks.check_separable_datasets,
        checks.check_dot,
        checks.check_sigmoid,
        checks.check_sigmoid_derivative,
        checks.check_make_prediction,
        checks.check_predict_class,
    ],
)
def test_untouched_stub_reads_not_attempted(check):
    with pytest.raises(NotAttemptedError, match="not attempted yet"):
        check(stub)


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def update_without_bias(x, y, w, b, lr=1.0):
    error = y - int(x @ w + b >= 0)
    return w + lr * error * x, b


def update_ignoring_lr(x, y, w, b, lr=1.0):
    error = y - int(x @ w + b >= 0)
    return w + error * x, b + error


def update_always(x, y, w, b, lr=1.0):
    return w + lr * y * x, b + lr * y


def train_updating_per_epoch(X, y, lr=1.0, n_epochs=100):
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_epochs):
        errors = y - predict(X, w, b)
        w, b = w + lr * errors @ X, b + lr * errors.sum()
        mistakes.append(int(np.count_nonzero(errors)))
        if mistakes[-1] == 0:
            break
    return w, b, mistakes


def train_without_final_zero(X, y, lr=1.0, n_epochs=100):
    w, b, mistakes = train_perceptron(X, y, lr, n_epochs)
    return w, b, mistakes[:-1] if mistakes[-1] == 0 else mistakes


@pytest.mark.parametrize(
    ("check", "wrong", "names"),
    [
        (
            checks.check_predict,
            lambda X, w, b: (X @ w + b > 0).astype(int),
            "check 5 of 6 failed (a sum of exactly zero)",
        ),
        (
            checks.check_predict,
            lambda X, w, b: (X @ w >= 0).astype(int),
            "check 2 of 6 failed (weights all zero, negative bias)",
        ),
        (checks.check_predict, lambda X, w, b: int(np.sum(X @ w + b) >= 0), "expected shape (3,)"),
        (checks.check_update, update_without_bias, "check 3 of 7 failed (only the bias can move"),
        (checks.check_update, update_ignoring_lr, "check 6 of 7 failed (a learning rate of 0.1)"),
        (checks.check_update, update_always, "check 1 of 7 failed (right answer"),
        (checks.check_update, lambda x, y, w, b, lr=1.0: w, "must return 2 things, `return w, b`"),
        (
            checks.check_train_perceptron,
            train_updating_per_epoch,
            "check 3 of 6 failed (AND gate, lr = 1): w",
        ),
        (
            checks.check_train_perceptron,
            train_without_final_zero,
            "check 1 of 6 failed (one sample the zero weights",
        ),
        (checks.check_train_perceptron, lambda X, y, lr=1.0, n_epochs=100: None, "must return 3 things"),
        (
            checks.check_separable_datasets,
            lambda: {"A", "B", "C"},
            "You chose a data set that no straight line separates",
        ),
        (checks.check_separable_datasets, lambda: {"A"}, "You left out a data set that one straight line does"),
        (checks.check_separable_datasets, lambda: {"E"}, "there is no data set E"),
        (
            checks.check_dot,
            lambda u, v: float(np.sum(u) * np.sum(v)),
            "check 2 of 6 failed (only the first position",
        ),
        (checks.check_dot, lambda u, v: sum(u[i] * v[i] for i in range(len(u) - 1)), "check 1 of 6 failed"),
        (checks.check_sigmoid, lambda z: 1 / (1 + np.exp(z)), "check 2 of 6 failed (a positive z)"),
        (
            checks.check_sigmoid,
            lambda z: 1 / (1 + np.exp(-np.sum(z))),
            "check 4 of 6 failed (a 1-D array of z)",
        ),
        (checks.check_sigmoid_derivative, lambda z: z * (1 - z), "check 1 of 5 failed (z = 0)"),
        (checks.check_sigmoid_derivative, lambda z: naive_sigmoid(z), "check 1 of 5 failed (z = 0)"),
        (
            checks.check_make_prediction,
            lambda x, w, b: sigmoid(x @ w) + b,
            "check 2 of 6 failed (only the bias",
        ),
        (checks.check_make_prediction, lambda x, w, b: x @ w + b, "check 1 of 6 failed"),
        (
            checks.check_predict_class,
            lambda p, threshold=0.5: (np.asarray(p) > threshold).astype(int),
            "check 3 of 6 failed (exactly 0.5)",
        ),
        (
            checks.check_predict_class,
            lambda p, threshold=0.5: (np.asarray(p) >= 0.5).astype(int),
            "check 6 of 6 failed (a threshold other than 0.5)",
        ),
    ],
)
def test_checks_name_the_mistake(check, wrong, names):
    with pytest.raises(CheckFailed) as caught:
        check(wrong)
    message = str(caught.value)
    assert names in message
    if "check " in names:
        assert "input:" in message and "expected:" in message and "hint:" in message


def test_naive_sigmoid_passes_silently(capsys, recwarn):
    checks.check_sigmoid(naive_sigmoid)
    assert capsys.readouterr().out == "sigmoid: 6/6 checks passed\n"
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_hints_never_contain_the_answer_code():
    with pytest.raises(CheckFailed) as caught:
        checks.check_update(update_without_bias)
    assert "b + lr * error" not in str(caught.value)
    with pytest.raises(CheckFailed) as caught:
        checks.check_sigmoid(lambda z: 1 / (1 + np.exp(z)))
    assert "1 / (1 + np.exp(-z))" not in str(caught.value)


def test_a_crash_in_the_learners_code_is_reported_with_its_case():
    def broken(X, y, lr=1.0, n_epochs=100):
        raise KeyError("oops")

    with pytest.raises(CheckFailed, match=r"check 1 of 6 failed .*raised KeyError") as caught:
        checks.check_train_perceptron(broken)
    assert isinstance(caught.value.__cause__, KeyError)
    with pytest.raises(TypeError, match="Pass the function itself"):
        checks.check_update(3.0)


def test_separable_datasets_check_does_not_reveal_the_answer():
    with pytest.raises(checks.CheckFailed) as caught:
        checks.check_separable_datasets(lambda: {"A", "B", "C"})
    message = str(caught.value)
    assert "expected" not in message and "True" not in message and "False" not in message
