"""Lesson 06's checks: the references pass, stubs read "not attempted", and typical mistakes get their own hint."""

import math

import numpy as np
import pytest

from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks.lesson06 import (
    _reference_batches,
    check_accuracy,
    check_adam_update,
    check_batch_indices,
    check_batch_shapes,
    check_parameter_counts,
    check_sgd_momentum_update,
    check_which_curve,
)
from nnlib.optimizers import adam_update, sgd_momentum_update


def stub(*args, **kwargs):
    raise NotImplementedError


def batch_indices(n_samples, batch_size, seed):
    return list(_reference_batches(n_samples, batch_size, seed))


def accuracy(y_true, probabilities):
    return float(np.mean(probabilities.argmax(axis=1) == y_true))


RIGHT = {
    check_parameter_counts: lambda: {"dense": 4160, "dense_1": 2080, "dense_2": 330, "total": 6570},
    check_batch_shapes: lambda: {"flatten_output": (32, 64), "steps_per_epoch": 39, "last_batch": 5},
    check_batch_indices: batch_indices,
    check_sgd_momentum_update: sgd_momentum_update,
    check_adam_update: adam_update,
    check_which_curve: lambda: {"sgd": "C", "momentum": "A", "adagrad": "B"},
    check_accuracy: accuracy,
}


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda c: c.__name__)
def test_reference_passes_and_stub_is_not_attempted(check, capsys):
    check(RIGHT[check])
    assert "checks passed" in capsys.readouterr().out
    with pytest.raises(NotAttemptedError, match="not attempted yet"):
        check(stub)


def counts(**changes):
    answer = {"dense": 4160, "dense_1": 2080, "dense_2": 330, "total": 6570}
    answer.update(changes)
    return lambda: answer


def shapes(**changes):
    answer = {"flatten_output": (32, 64), "steps_per_epoch": 39, "last_batch": 5}
    answer.update(changes)
    return lambda: answer


def curves(**changes):
    answer = {"sgd": "C", "momentum": "A", "adagrad": "B"}
    answer.update(changes)
    return lambda: answer


def unshuffled(n_samples, batch_size, seed):
    return [np.arange(s, min(s + batch_size, n_samples)) for s in range(0, n_samples, batch_size)]


def drops_last(n_samples, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n_samples)
    return [order[s : s + batch_size] for s in range(0, n_samples - batch_size + 1, batch_size)]


def with_replacement(n_samples, batch_size, seed):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, n_samples, min(batch_size, n_samples - s)) for s in range(0, n_samples, batch_size)]


def momentum_uphill(w, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + learning_rate * grad
    return w + velocity, velocity


def momentum_old_velocity(w, grad, velocity, learning_rate, momentum):
    return w + velocity, momentum * velocity - learning_rate * grad


def momentum_no_decay(w, grad, velocity, learning_rate, momentum):
    velocity = velocity - learning_rate * grad
    return w + velocity, velocity


def adam_no_correction(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def adam_epsilon_inside(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * m / np.sqrt(v + epsilon), m, v


def adam_not_squared(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def stops_early(n_samples, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n_samples)
    return [order[s : s + batch_size] for s in range(0, n_samples - batch_size, batch_size)]


def empty_last_batch(n_samples, batch_size, seed):  # batches of different sizes: shown, not crashed on
    order = np.random.default_rng(seed).permutation(n_samples)
    return [order[s : s + batch_size] for s in range(0, n_samples + 1, batch_size)]


def momentum_subtracts_velocity(w, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity - learning_rate * grad
    return w - velocity, velocity


def momentum_pytorch_style(w, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + grad
    return w - learning_rate * velocity, velocity


def adam_paper_form(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_beta_1_correction_only(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    return w - learning_rate / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon), m, v


def adam_betas_swapped(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = (1 - beta_1) * m + beta_1 * grad
    v = (1 - beta_2) * v + beta_2 * grad**2
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def adam_no_root_of_v(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * m / (v + epsilon), m, v


MISTAKES = [
    (check_parameter_counts, counts(dense=4096), "each neuron also has one bias"),
    (check_parameter_counts, counts(dense=128), "the weights multiply: inputs times neurons"),
    (check_parameter_counts, counts(dense_1=2112), "there are 32 of them, not 64"),
    (check_parameter_counts, counts(total=6464), "each neuron also has one bias"),
    (check_batch_shapes, shapes(flatten_output=(32, 8, 8)), "that is the shape going in"),
    (check_batch_shapes, shapes(flatten_output=(64,)), "a batch keeps its first axis"),
    (check_batch_shapes, shapes(steps_per_epoch=38), "the last, smaller batch is trained on too"),
    (check_batch_shapes, shapes(last_batch=32), "the last batch holds what is left over"),
    (check_batch_indices, unshuffled, "shuffle the sample numbers first"),
    (check_batch_indices, drops_last, "the last, smaller batch is missing"),
    (check_batch_indices, with_replacement, "check 1 of 5 failed"),
    (check_batch_indices, stops_early, "the loop stops one batch too early"),
    (check_batch_indices, empty_last_batch, "the last batch is empty"),
    (check_sgd_momentum_update, momentum_uphill, "the step goes uphill"),
    (check_sgd_momentum_update, momentum_old_velocity, "w must move by the new velocity"),
    (check_sgd_momentum_update, momentum_no_decay, "multiplied by momentum"),
    (check_sgd_momentum_update, momentum_subtracts_velocity, "w moves uphill"),
    (check_sgd_momentum_update, momentum_pytorch_style, "PyTorch's velocity holds gradients"),
    (check_adam_update, adam_no_correction, "the step is too large"),
    (check_adam_update, adam_epsilon_inside, "epsilon is added after the square root"),
    (check_adam_update, adam_not_squared, "squared gradients"),
    (check_adam_update, adam_paper_form, "the Adam paper's form"),
    (check_adam_update, adam_beta_1_correction_only, "it needs both corrections"),
    (check_adam_update, adam_betas_swapped, "takes only (1 - beta_1) of the new gradient"),
    (check_adam_update, adam_no_root_of_v, "divide by the square root of v"),
    (check_which_curve, curves(adagrad="C", sgd="B"), "ten times smaller than SGD's"),
    (check_which_curve, curves(momentum="C", sgd="A"), "about 1 / (1 - 0.9) = 10 plain steps"),
    (check_accuracy, lambda y_true, probabilities: float(np.sum(probabilities.argmax(1) == y_true)), "not a count"),
    (
        check_accuracy,
        lambda y_true, probabilities: float(np.mean(probabilities.argmax(axis=0) == y_true)),
        "along each row",
    ),
    (check_accuracy, lambda y_true, probabilities: float(np.mean(probabilities[:, 0] == y_true)), "check 1 of 5"),
    (
        check_accuracy,
        lambda y_true, probabilities: 100 * float(np.mean(probabilities.argmax(axis=1) == y_true)),
        "not a percentage",
    ),
    (
        check_accuracy,
        lambda y_true, probabilities: float(np.mean(probabilities.argmax(axis=1) != y_true)),
        "the fraction the model gets wrong",
    ),
    (
        check_accuracy,
        lambda y_true, probabilities: float(np.mean(probabilities.max(axis=1) == y_true)),
        "compare class numbers with class numbers",
    ),
]


@pytest.mark.parametrize(("check", "wrong", "hint"), MISTAKES, ids=[f"{c.__name__}-{h[:20]}" for c, _, h in MISTAKES])
def test_typical_mistakes_fail_with_their_own_hint(check, wrong, hint):
    with pytest.raises(CheckFailed) as caught:
        check(wrong)
    assert hint in str(caught.value)


def test_no_hint_gives_the_answer_away():
    for check, wrong, _ in MISTAKES:
        with pytest.raises(CheckFailed) as caught:
            check(wrong)
        text = str(caught.value)
        for answer in ("6570", "sqrt(v) + epsilon", "- learning_rate * grad", "rng.permutation", "argmax", "1221 - 38"):
            assert answer not in text.split("hint:")[-1], (check.__name__, text)
