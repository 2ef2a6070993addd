"""Lesson 06's checks: the references pass, stubs read "not attempted", and typical mistakes get their own hint."""

import math

import numpy as np
import pytest

from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks._core import MalformedAnswer
from nnlib.checks.lesson06 import (
    _reference_batches,
    check_accuracy,
    check_adam_update,
    check_batch_indices,
    check_batch_shapes,
    check_parameter_counts,
    check_regularisation,
    check_sgd_momentum_update,
    check_tiny_batch,
    check_which_curve,
    mystery_curves,
    named_curves,
    predictions_made,
)
from nnlib.optimizers import adam_update, sgd_momentum_update


def stub(*args, **kwargs):
    raise NotImplementedError


def batch_indices(n_samples, batch_size, seed):
    return list(_reference_batches(n_samples, batch_size, seed))


def accuracy(y_true, probabilities):
    return float(np.mean(probabilities.argmax(axis=1) == y_true))


CURVES = {"momentum_speedup": 10, "adagrad_first_step": 0.32, "sgd": "C", "momentum": "A", "adagrad": "B"}
TINY = {
    "start_loss": 2.3,
    "as_built": True,
    "random_labels": True,
    "labels_reshuffled": False,
    "tiny_learning_rate": False,
}

REGULARISATION = {"training_output": [2, 0, 6, 0], "predict_output": [1, 2, 3, 4], "decayed_weight": 1.481}


def regularisation(**changes):
    answer = dict(REGULARISATION)
    answer.update(changes)
    return lambda: answer


RIGHT = {
    check_parameter_counts: lambda: {"dense": 4160, "dense_1": 2080, "dense_2": 330, "total": 6570},
    check_batch_shapes: lambda: {"flatten_output": (32, 64), "steps_per_epoch": 39, "last_batch": 5},
    check_batch_indices: batch_indices,
    check_sgd_momentum_update: sgd_momentum_update,
    check_adam_update: adam_update,
    check_which_curve: lambda: dict(CURVES),
    check_tiny_batch: lambda: dict(TINY),
    check_regularisation: lambda: dict(REGULARISATION),
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
    answer = dict(CURVES)
    answer.update(changes)
    return lambda: answer


def tiny(**changes):
    answer = dict(TINY)
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


def momentum_returns_old_velocity(w, grad, velocity, learning_rate, momentum):
    new_velocity = momentum * velocity - learning_rate * grad
    return w + new_velocity, velocity


def momentum_averaged(w, grad, velocity, learning_rate, momentum):  # Coursera's form
    velocity = momentum * velocity + (1 - momentum) * grad
    return w - learning_rate * velocity, velocity


def adam_beta_1_correction_forgotten(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    alpha = learning_rate * math.sqrt(1 - beta_2**t)
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def adam_missing_bracket(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / 1 - beta_1**t
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def adam_power_of_bracket(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    alpha = learning_rate * math.sqrt((1 - beta_2) ** t) / (1 - beta_1) ** t
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def adam_epsilon_after_division(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * (m / np.sqrt(v) + epsilon), m, v


def seed_fixed_at_zero(n_samples, batch_size, seed):
    return batch_indices(n_samples, batch_size, 0)


def seed_not_used(n_samples, batch_size, seed):  # the draft's first bug: a new, unseeded generator
    order = np.random.default_rng().permutation(n_samples)
    return [order[s : s + batch_size] for s in range(0, n_samples, batch_size)]


def batches_as_tuple(n_samples, batch_size, seed):
    return tuple(batch_indices(n_samples, batch_size, seed))


def batches_as_array(n_samples, batch_size, seed):  # one row per sample: not a list of batches
    return np.random.default_rng(seed).permutation(n_samples)


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
    (check_adam_update, adam_beta_1_correction_only, "only m's correction is there"),
    (check_adam_update, adam_betas_swapped, "takes only (1 - beta_1) of the new gradient"),
    (check_adam_update, adam_no_root_of_v, "divide by the square root of v"),
    (check_batch_indices, seed_fixed_at_zero, "the seed is ignored"),
    (check_batch_indices, seed_not_used, "the seed is ignored"),
    (check_batch_indices, batches_as_array, "return a list with one array of sample numbers per batch"),
    (check_sgd_momentum_update, momentum_returns_old_velocity, "the velocity you return is the one passed in"),
    (check_sgd_momentum_update, momentum_averaged, "that velocity is an average of the gradients"),
    (check_adam_update, adam_beta_1_correction_forgotten, "beta_1's correction is missing"),
    (check_adam_update, adam_missing_bracket, "operator-precedence slip: Python divides before it subtracts"),
    (check_adam_update, adam_power_of_bracket, "the power t applies to beta alone"),
    (check_adam_update, adam_epsilon_after_division, "as written it is added after the division"),
    (check_which_curve, curves(adagrad="C", sgd="B"), "ten times smaller than SGD's"),
    (check_which_curve, curves(momentum="C", sgd="A"), "ten plain SGD steps"),
    (check_which_curve, curves(momentum_speedup=0.9), "fraction of the old velocity kept each step"),
    (check_which_curve, curves(momentum_speedup=1.9), "that is the velocity after two steps"),
    (check_which_curve, curves(momentum_speedup=9), "starts with 1"),
    (check_which_curve, curves(adagrad_first_step=0.1), "the ratio of the learning rates alone"),
    (check_which_curve, curves(adagrad_first_step=1), "not by the accumulator itself"),
    (check_which_curve, curves(adagrad_first_step=0.03), "larger than its learning rate times the gradient"),
    (check_which_curve, curves(adagrad_first_step=3.16), "SGD's first step as a multiple of Adagrad's"),
    (check_tiny_batch, tiny(start_loss=0.1), "the loss is minus its (natural) logarithm"),
    (check_tiny_batch, tiny(start_loss=1), "the logarithm to base 10"),
    (check_tiny_batch, tiny(start_loss=-2.3), "so it is positive"),
    (check_tiny_batch, tiny(random_labels=False), "the labels being wrong does not stop it"),
    (check_tiny_batch, tiny(labels_reshuffled=True), "nothing fixed to learn by heart"),
    (check_tiny_batch, tiny(tiny_learning_rate=True), "move the weights very little"),
    (check_regularisation, regularisation(training_output=[1, 0, 3, 0]), "scaled up, by 1 / (1 - rate)"),
    (check_regularisation, regularisation(training_output=[0.5, 0, 1.5, 0]), "divided by (1 - rate), not multiplied"),
    (check_regularisation, regularisation(predict_output=[0.5, 1, 1.5, 2]), "the original, non-inverted dropout"),
    (check_regularisation, regularisation(predict_output=[2, 0, 6, 0]), "switched off at predict"),
    (check_regularisation, regularisation(decayed_weight=1.994), "that is the weight after one step"),
    (check_regularisation, regularisation(decayed_weight=1.4), "the shrinking compounds"),
    (check_regularisation, regularisation(decayed_weight=0.732), "scaled by the learning rate as well"),
    (check_regularisation, regularisation(decayed_weight=1.096), "without the 2"),
    (check_regularisation, regularisation(decayed_weight=2.0), "shrinks the weight anyway"),
    (check_accuracy, lambda y_true, probabilities: int(np.mean(probabilities.argmax(1) == y_true)), "int() cuts"),
    (
        check_accuracy,
        lambda y_true, probabilities: round(float(np.mean(probabilities.argmax(1) == y_true)), 2),
        "rounded to two decimals",
    ),
    (
        check_accuracy,
        lambda y_true, probabilities: float(np.mean(np.argmax(probabilities) == y_true)),
        "one position in the whole table",
    ),
    (check_accuracy, lambda y_true, probabilities: float(np.sum(probabilities.argmax(1) == y_true)), "not a count"),
    (
        check_accuracy,
        lambda y_true, probabilities: float(np.mean(probabilities.argmax(axis=0) == y_true)),
        "along each row",
    ),
    (check_accuracy, lambda y_true, probabilities: float(np.mean(probabilities[:, 0] == y_true)), "check 1 of 6"),
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
        for answer in (
            "6570",
            "sqrt(v) + epsilon",
            "- learning_rate * grad",
            "rng.permutation",
            "argmax",
            "1221 - 38",
            "default_rng(seed)",
            "1 - beta_1**t",
            "sqrt(1 - beta_2",
            "2.30",
            "0.316",
        ):
            assert answer not in text.split("hint:")[-1], (check.__name__, text)


MALFORMED = [
    (check_parameter_counts, counts(extra=1), "keys that were not asked for: 'extra'"),
    (check_parameter_counts, counts(dense="4160"), "'dense': answer with a number, not str"),
    (check_parameter_counts, lambda: [4160, 2080, 330, 6570], "return a dict"),
    (
        check_which_curve,
        lambda: {"momentum_speedup": 10},
        "'adagrad_first_step', 'momentum', 'adagrad', 'sgd' are missing",
    ),
    (check_which_curve, curves(sgd="D"), "the curves are called 'A', 'B' and 'C'; got 'D'"),
    (check_which_curve, curves(sgd="A"), "use each letter once"),
    (check_which_curve, curves(sgd=3), "'sgd': answer with a word, in quotes; got int 3"),
    (check_which_curve, curves(momentum_speedup="10"), "'momentum_speedup': answer with a number, not str"),
    (check_batch_shapes, shapes(flatten_output="32, 64"), "answer with a shape, a tuple of whole numbers"),
    (check_tiny_batch, tiny(as_built="yes"), "'as_built': answer True or False"),
    (check_regularisation, regularisation(predict_output=1), "'predict_output': answer with 4 numbers in a list"),
]


@pytest.mark.parametrize(("check", "answer", "message"), MALFORMED, ids=[m for _, _, m in MALFORMED])
def test_malformed_predictions_are_rejected_with_the_format(check, answer, message):
    with pytest.raises(MalformedAnswer) as caught:
        check(answer)
    assert message in str(caught.value)


def test_one_missing_key_reads_is_missing():
    answer = dict(CURVES)
    del answer["sgd"]
    with pytest.raises(MalformedAnswer, match="'sgd' is missing"):
        check_which_curve(lambda: answer)


@pytest.mark.parametrize(
    ("check", "answer", "opens"),
    [
        (check_parameter_counts, counts(dense=1), True),  # wrong but well formed: the reveal opens
        (check_parameter_counts, counts(extra=1), False),
        (check_parameter_counts, lambda: {"dense": 4160}, False),
        (check_which_curve, curves(sgd="A", momentum="C"), True),
        (check_which_curve, curves(sgd="Z"), False),
        (check_tiny_batch, tiny(start_loss=None), False),
        (check_tiny_batch, tiny(), True),
    ],
)
def test_reveal_opens_only_after_a_well_formed_prediction(check, answer, opens, capsys):
    assert predictions_made(answer, check) is opens
    assert ("is not complete yet" in capsys.readouterr().out) is not opens


def test_reveal_waits_for_an_untouched_stub(capsys):
    assert predictions_made(stub, check_parameter_counts) is False
    assert "Make your predictions" in capsys.readouterr().out


def test_named_curves_keep_the_mystery_colours():
    histories = {"SGD": 1, "SGD, momentum 0.9": 2, "Adagrad": 3, "RMSprop": 4, "Adam": 5}
    named = named_curves(histories)
    assert list(named.values())[:3] == list(mystery_curves(histories).values())  # same order, same colours
    assert sorted(named.values()) == [1, 2, 3, 4, 5]


def test_batches_as_a_tuple_are_asked_for_as_the_list_the_docstring_promises():
    with pytest.raises(CheckFailed, match="return a list"):
        check_batch_indices(batches_as_tuple)
