"""Each known beginner mistake gets its own hint, naming the fault (issue 11), and predict-then-verify checks.

Every test below feeds a check the wrong answer a beginner writes and asserts the hint that names it.
"""

import re

import numpy as np
import pytest

from nnlib import checks
from nnlib.activations import sigmoid
from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks.lesson01 import check_predicted_outputs
from nnlib.checks.lesson02 import check_predicted_training, confirm_separable_datasets
from nnlib.checks.lesson03 import check_predicted_effects
from nnlib.checks.lesson04 import check_predicted_rates
from nnlib.perceptron import predict, update
from nnlib.training import gradient_step, neuron_gradient


def message_of(check, wrong):
    with pytest.raises(CheckFailed) as caught:
        check(wrong)
    return str(caught.value)


# --- lesson 02 -------------------------------------------------------------------------------------


def update_without_bias(x, y, w, b, lr=1.0):
    error = y - int(x @ w + b >= 0)
    return w + lr * error * x, b


def update_with_flipped_bias(x, y, w, b, lr=1.0):
    error = y - int(x @ w + b >= 0)
    return w + lr * error * x, b - lr * error


def test_update_missing_bias_update_is_named_not_the_order_of_the_error():
    message = message_of(checks.check_update, update_without_bias)
    assert "check 3 of 7" in message and "the bias did not move" in message
    assert "mind the order" not in message


def test_update_bias_moving_the_wrong_way_is_named():
    assert "the bias moved the wrong way" in message_of(checks.check_update, update_with_flipped_bias)


def train_without_resetting_the_counter(X, y, lr=1.0, n_epochs=100):
    w, b, mistakes, wrong = np.zeros(X.shape[1]), 0.0, [], 0
    for _ in range(n_epochs):
        for x_i, y_i in zip(X, y, strict=True):
            if predict(x_i, w, b) != y_i:
                w, b = update(x_i, y_i, w, b, lr)
                wrong += 1
        mistakes.append(wrong)
        if wrong == 0:
            break
    return w, b, mistakes


def test_train_perceptron_counter_never_reset_is_named():
    message = message_of(checks.check_train_perceptron, train_without_resetting_the_counter)
    assert "check 2 of 6" in message and "keeps growing from epoch to epoch" in message


def test_separability_quiz_message_names_no_letter_and_the_next_cell_shows_nothing_until_solved(capsys):
    for wrong in ({"A", "B", "C"}, {"A"}, {"A", "C", "D"}, {"B", "D"}):
        message = message_of(checks.check_separable_datasets, lambda wrong=wrong: wrong)
        assert not re.search(r"\b[ABCD]\b", message.split("not right yet")[1])
    confirm_separable_datasets(lambda: {"A"})
    confirm_separable_datasets(lambda: (_ for _ in ()).throw(NotImplementedError()))
    out = capsys.readouterr().out
    assert "separated" not in out and out.count("shows nothing yet") == 2
    confirm_separable_datasets(lambda: {"A", "C"})
    assert "B: never separated" in capsys.readouterr().out


# --- lesson 03 -------------------------------------------------------------------------------------


def make_prediction_with_lesson_01s_name(x, w, b):
    return sigmoid(weighted_sum(x, w, b))  # noqa: F821 (not defined in lesson 03: that is the point)


def test_a_name_the_lesson_never_defined_is_explained():
    message = message_of(checks.check_make_prediction, make_prediction_with_lesson_01s_name)
    assert "raised NameError" in message and "weighted_sum, which this notebook has not defined" in message


def test_the_overflowing_sigmoid_form_is_told_it_overflows():
    message = message_of(checks.check_sigmoid, lambda z: np.exp(z) / (1 + np.exp(z)))
    assert "check 6 of 6" in message and "overflow" in message


def test_dot_with_an_off_by_one_loop_is_named_on_its_first_failure():
    def dot(u, v):
        total = 0.0
        for i in range(len(u) - 1):
            total += u[i] * v[i]
        return total

    message = message_of(checks.check_dot, dot)
    assert "check 1 of 6" in message and "stop one position early" in message


# --- lesson 04 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        (lambda y, y_hat: 0.5 * float(np.sum((y - y_hat) ** 2)), "half the squared error"),
        (lambda y, y_hat: float(np.sum(y - y_hat) ** 2), "the square of the summed errors"),
        (lambda y, y_hat: float(np.sum(np.abs(y - y_hat))), "the size of the error, not its square"),
        (lambda y, y_hat: float(np.mean((y - y_hat) ** 2)), "the mean of the squared errors"),
    ],
)
def test_sse_mistakes_are_named(wrong, named):
    assert named in message_of(checks.check_sse, wrong)


def test_sse_derivative_divided_by_n_is_named():
    message = message_of(checks.check_sse_derivative, lambda y, y_hat: 2 * (y_hat - y) / len(y))
    assert "check 5 of 5" in message and "divided by the number of samples" in message


def gradient_from(prediction):
    def neuron_gradient(X, y, w, b):
        y_hat = prediction(X, w, b)
        delta = 2 * (y_hat - y) * y_hat * (1 - y_hat)
        return X.T @ delta, float(np.sum(delta))

    return neuron_gradient


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        (gradient_from(lambda X, w, b: sigmoid(X @ w)), "the prediction leaves out the bias"),
        (gradient_from(lambda X, w, b: X @ w + b), "the prediction is z itself"),
    ],
)
def test_neuron_gradient_wrong_prediction_is_named_not_the_factors(wrong, named):
    message = message_of(checks.check_neuron_gradient, wrong)
    assert named in message and "y_hat is wrong before any factor" in message
    assert "multiply the three factors" not in message


def train_with(record_after=False, mean=False, fixed_b=False):
    def train(X, y, w, b, lr, n_iterations):
        losses = []
        for _ in range(n_iterations):
            if not record_after:
                losses.append(float(np.sum((y - sigmoid(X @ w + b)) ** 2)) / (len(y) if mean else 1))
            dw, db = neuron_gradient(X, y, w, b)
            w, new_b = gradient_step(w, b, dw, db, lr)
            b = b if fixed_b else new_b
            if record_after:
                losses.append(float(np.sum((y - sigmoid(X @ w + b)) ** 2)))
        return w, b, np.array(losses)

    return train


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        (train_with(record_after=True), "the losses are recorded after each step"),
        (train_with(mean=True), "the losses are averaged"),
        (train_with(fixed_b=True), "b never changes"),
    ],
)
def test_train_mistakes_are_named(wrong, named):
    message = message_of(checks.check_train, wrong)
    assert "check 1 of 4" in message and named in message


# --- predict-then-verify exercises ----------------------------------------------------------------

RIGHT = {
    check_predicted_outputs: {"A": [0, 0, 0, 1], "B": [1, 1, 1, 0], "C": [0, 0, 0, 1], "D": [0, 1, 0, 1]},
    check_predicted_training: {"or_epochs": 4, "or_epochs_lr_0.01": 4, "xor_with_product_converges": True},
    check_predicted_effects: {
        "bias_alone_can_fix_both": False,
        "p2_after_scaling": "higher",
        "class2_after_scaling": 1,
    },
    check_predicted_rates: {"lr_one_step": 0.5, "lr_limit": 1.0, "steps_at_lr_0.25": 9},
}


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda c: c.__name__)
def test_right_predictions_pass_and_an_untouched_stub_reads_not_attempted(check, capsys):
    check(lambda: dict(RIGHT[check]))
    assert capsys.readouterr().out.endswith(f"{len(RIGHT[check])}/{len(RIGHT[check])} checks passed\n")
    with pytest.raises(NotAttemptedError):
        check(lambda: (_ for _ in ()).throw(NotImplementedError("Exercise")))


@pytest.mark.parametrize(
    ("check", "key", "wrong", "named"),
    [
        (check_predicted_outputs, "A", [0, 1, 1, 1], "multiplied by 10"),
        (check_predicted_outputs, "B", [0, 0, 0, 1], "a negative factor flips the sign of every z"),
        (check_predicted_outputs, "C", [0, 0, 0, 0], "exactly 0: which way does this course's step go at 0?"),
        (check_predicted_outputs, "D", [0, 0, 1, 1], "x1's weight is 0"),
        (check_predicted_training, "or_epochs", 3, "the last epoch, the one without mistakes, counts too"),
        (check_predicted_training, "or_epochs", 6, "trace it by hand"),
        (check_predicted_training, "or_epochs_lr_0.01", 400, "scaled copies of the lr = 1 run"),
        (check_predicted_training, "xor_with_product_converges", False, "Could a flat plane"),
        (check_predicted_effects, "bias_alone_can_fix_both", True, "never changes which sum is the larger"),
        (check_predicted_effects, "p2_after_scaling", "same", "Where does the sigmoid go as z grows?"),
        (check_predicted_effects, "class2_after_scaling", 0, "keeps the sign"),
        (check_predicted_rates, "lr_one_step", 1.0, "the first step is 6 * lr long"),
        (check_predicted_rates, "lr_limit", 0.5, "does the overshoot shrink or grow"),
        (check_predicted_rates, "lr_limit", 2.0, "smaller than 1 in size"),
        (check_predicted_rates, "steps_at_lr_0.25", 8, "still more than 0.01"),
        (check_predicted_rates, "steps_at_lr_0.25", 2, "the step shrinks with the slope"),
        (check_predicted_rates, "steps_at_lr_0.25", 20, "what happens to the distance, 3 at the start"),
    ],
)
def test_each_wrong_prediction_gets_its_own_hint_and_never_the_answer(check, key, wrong, named):
    answers = dict(RIGHT[check], **{key: wrong})
    message = message_of(check, lambda: answers)
    assert named in message and f"you predicted: {key} = " in message
    assert "expected" not in message


def test_prediction_checks_explain_a_malformed_answer():
    assert "'D' is missing" in message_of(check_predicted_outputs, lambda: {"A": 1, "B": 1, "C": 1})
    assert "replace the ... of 'lr_limit'" in message_of(
        check_predicted_rates, lambda: {"lr_one_step": 0.5, "lr_limit": ..., "steps_at_lr_0.25": 9}
    )
    assert "return a dict" in message_of(check_predicted_rates, lambda: [0.5, 1.0, 8])


RATES_WELL_FORMED = {"lr_one_step": 0.3, "lr_limit": 0.7, "steps_at_lr_0.25": 3}


def test_verify_cells_wait_until_a_prediction_is_made(capsys):
    from nnlib.checks.lesson04 import predictions_made

    def not_yet():
        raise NotImplementedError("Exercise 4.3")

    assert predictions_made(not_yet, check_predicted_rates) is False
    assert "waits until you have committed to an answer" in capsys.readouterr().out


def test_verify_cells_open_after_a_well_formed_prediction_right_or_wrong(capsys):
    from nnlib.checks.lesson04 import predictions_made

    assert predictions_made(lambda: RATES_WELL_FORMED, check_predicted_rates) is True  # wrong, but well formed
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "answer, named",
    [
        ({"lr_one_step": 0.3, "lr_limit": 0.7}, "'steps_at_lr_0.25' is missing"),
        (dict(RATES_WELL_FORMED, lr_limit=...), "replace the ... of 'lr_limit'"),
        (dict(RATES_WELL_FORMED, extra=1), "not asked for: 'extra'"),
        (dict(RATES_WELL_FORMED, lr_limit="0.7"), "answer with a number"),
        (dict(RATES_WELL_FORMED, lr_limit=[0.5, 0.7]), "answer with one number"),
        ([0.3, 0.7, 3], "return a dict"),
    ],
    ids=["missing key", "ellipsis left", "extra key", "number as text", "list for a number", "not a dict"],
)
def test_verify_cells_stay_closed_while_the_prediction_is_malformed(capsys, answer, named):
    from nnlib.checks.lesson04 import predictions_made

    assert predictions_made(lambda: answer, check_predicted_rates) is False
    out = capsys.readouterr().out
    assert named in out and "not complete yet" in out
