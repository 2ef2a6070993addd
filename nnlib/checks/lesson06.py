"""Checks for lesson 06: parameter counts and batch shapes (predictions), the mini-batch loop, the
momentum and Adam updates, which learning curve is which optimizer (a prediction), and accuracy."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping

import numpy as np

from nnlib.batches import shuffled_batches
from nnlib.checks._core import Case, Prediction, check_predictions, run_cases
from nnlib.checks._core import predictions_made as predictions_made  # for the lesson's verify cells

#: The training set's size in lesson 06 (the digits left after the test and validation splits).
N_TRAIN = 1221


def check_parameter_counts(predict_parameter_counts: Callable) -> None:
    """Grade the predicted parameter counts of the seed's model, 64 inputs -> 64 -> 32 -> 10 (Exercise 6.1).

    Examples
    --------
    >>> check_parameter_counts(lambda: {"dense": 4160, "dense_1": 2080, "dense_2": 330, "total": 6570})
    parameter_counts: 4/4 checks passed
    """
    __tracebackhide__ = True
    no_bias = "each neuron also has one bias, and it is learned too"
    predictions = [
        Prediction(
            "dense",
            "the first Dense layer: 64 inputs, 64 neurons",
            4160,
            "every neuron has one weight per input, plus its bias",
            mistakes=(
                (4096, no_bias),
                (128, "a neuron has one weight per input, so the weights multiply: inputs times neurons"),
                (64, "count the weights, not the neurons: one weight per input for every neuron, plus biases"),
            ),
        ),
        Prediction(
            "dense_1",
            "the second Dense layer: 32 neurons fed by the first layer's 64 outputs",
            2080,
            "its inputs are the 64 outputs of the layer before it",
            mistakes=(
                (2048, no_bias),
                (2112, "the biases belong to this layer's own neurons: there are 32 of them, not 64"),
                (96, "a neuron has one weight per input, so the weights multiply: inputs times neurons"),
            ),
        ),
        Prediction(
            "dense_2",
            "the output layer: 10 neurons fed by 32",
            330,
            "32 inputs for each of the 10 output neurons, plus their biases",
            mistakes=((320, no_bias), (42, "a neuron has one weight per input: inputs times neurons")),
        ),
        Prediction(
            "total",
            "all three layers together",
            6570,
            "add up the three layers' counts (Flatten or activations would add none)",
            mistakes=((6464, no_bias),),
        ),
    ]
    check_predictions("parameter_counts", predict_parameter_counts, predictions)


def check_batch_shapes(predict_batch_shapes: Callable) -> None:
    """Grade the predicted shapes and batch counts of one epoch on the digits (Exercise 6.2).

    Examples
    --------
    >>> check_batch_shapes(lambda: {"flatten_output": (32, 64), "steps_per_epoch": 39, "last_batch": 5})
    batch_shapes: 3/3 checks passed
    """
    __tracebackhide__ = True
    full, last = divmod(N_TRAIN, 32)
    predictions = [
        Prediction(
            "flatten_output",
            "the shape Flatten gives a batch of 32 images of 8 x 8 pixels",
            (32, 64),
            "Flatten keeps the batch axis and lays each image's pixels out in one row",
            mistakes=(
                ((32, 8, 8), "that is the shape going in: Flatten's job is to turn each image into one row"),
                ((64,), "a batch keeps its first axis: one row per image in the batch"),
                ((64, 32), "rows are samples: one row per image, one column per pixel"),
            ),
        ),
        Prediction(
            "steps_per_epoch",
            f"how many updates one epoch over the {N_TRAIN} training images takes with batch_size=32",
            full + 1,
            "one update per batch; count every batch, including a smaller one at the end",
            mistakes=(
                (full, "the last, smaller batch is trained on too, and it counts as a step"),
                (N_TRAIN, "that is one update per image; with batch_size=32 each update sees 32 images"),
            ),
            atol=0,
        ),
        Prediction(
            "last_batch",
            "how many images the epoch's last batch holds",
            last,
            "what is left after as many full batches of 32 as fit",
            mistakes=((32, "1221 is not a multiple of 32: the last batch holds what is left over"),),
            atol=0,
        ),
    ]
    check_predictions("batch_shapes", predict_batch_shapes, predictions)


def _reference_batches(n_samples: int, batch_size: int, seed: int) -> tuple[np.ndarray, ...]:
    return tuple(shuffled_batches(n_samples, batch_size, np.random.default_rng(seed)))


def check_batch_indices(batch_indices: Callable) -> None:
    """Check a learner's ``batch_indices(n_samples, batch_size, seed)`` (Exercise 6.3).

    Examples
    --------
    >>> check_batch_indices(lambda n_samples, batch_size, seed: list(_reference_batches(n_samples, batch_size, seed)))
    batch_indices: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, n, size, seed, hint, extra_mistakes=()):
        expected = _reference_batches(n, size, seed)
        order = np.random.default_rng(seed).permutation(n)
        unshuffled = tuple(np.arange(start, min(start + size, n)) for start in range(0, n, size))
        dropped = tuple(order[start : start + size] for start in range(0, n - size + 1, size))
        early = tuple(order[start : start + size] for start in range(0, n - size, size))
        mistakes = [(unshuffled, "the batches are in the original order: shuffle the sample numbers first")]
        if len(dropped) != len(expected) and dropped:
            mistakes.append((dropped, "the last, smaller batch is missing: the loop must reach the end of the data"))
        if len(early) not in (len(expected), len(dropped)) and early:
            mistakes.append((early, "the loop stops one batch too early: let it run to the end of the data"))
        mistakes += list(extra_mistakes)
        inputs = {"n_samples": n, "batch_size": size, "seed": seed}
        return Case(what, inputs, expected, hint, atol=0, rtol=0, mistakes=tuple(mistakes))

    order = np.random.default_rng(0).permutation(8)
    cases = [
        case(
            "8 samples in batches of 4",
            8,
            4,
            0,
            "return a list of arrays of sample numbers: shuffle with the seed, then cut into consecutive batches",
            extra_mistakes=(
                (
                    (order[0:4], order[4:8], order[8:8]),
                    "the last batch is empty: stop the loop once every sample is in a batch",
                ),
            ),
        ),
        case("10 samples in batches of 4: the last batch is smaller", 10, 4, 0, "the last batch holds the 2 left over"),
        case("another seed shuffles differently", 10, 4, 7, "make the generator from the seed you are given"),
        case("a batch larger than the data", 3, 5, 1, "all 3 samples fit in one batch"),
        case(
            "batches of 1, as stochastic gradient descent",
            5,
            1,
            2,
            "each batch holds one sample number; every sample appears exactly once",
        ),
    ]
    run_cases("batch_indices", _as_batches(batch_indices), cases)


class _Batches(tuple):
    """A learner's list of batches held as a tuple, so batches of different sizes can be compared and shown."""


_Batches.__name__ = _Batches.__qualname__ = "list"  # the learner returned a list: say so in the report


def _as_batches(batch_indices: Callable) -> Callable:
    """Wrap the learner's function so a returned list of batches is compared batch by batch."""

    @functools.wraps(batch_indices)
    def wrapped(**inputs):
        got = batch_indices(**inputs)
        return _Batches(got) if isinstance(got, list) else got

    return wrapped


def check_sgd_momentum_update(sgd_momentum_update: Callable) -> None:
    """Check a learner's ``sgd_momentum_update(w, grad, velocity, learning_rate, momentum)`` (Exercise 6.4).

    Examples
    --------
    >>> from nnlib.optimizers import sgd_momentum_update
    >>> check_sgd_momentum_update(sgd_momentum_update)
    sgd_momentum_update: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, w, grad, velocity, lr, momentum, hint):
        w, grad, velocity = (np.asarray(a, dtype=float) for a in (w, grad, velocity))
        new_velocity = momentum * velocity - lr * grad
        mistakes = (
            ((w + momentum * velocity + lr * grad, momentum * velocity + lr * grad), _SIGN),
            ((w - momentum * velocity + lr * grad, -new_velocity), _SIGN),
            ((w + velocity - lr * grad, velocity - lr * grad), _NO_DECAY),
            ((w + velocity, new_velocity), "w must move by the new velocity, after this step's gradient is in it"),
            ((w - lr * grad, -lr * grad), "the old velocity is missing: it carries the previous steps forward"),
            ((w - new_velocity, new_velocity), _VELOCITY_POINTS_DOWNHILL),
            ((new_velocity, w + new_velocity), "the two are swapped: return the new weights first, then the velocity"),
            ((w - lr * (momentum * velocity + grad), momentum * velocity + grad), _VELOCITY_IS_THE_STEP),
            ((w + lr * (momentum * velocity - grad), momentum * velocity - grad), _VELOCITY_IS_THE_STEP),
        )
        inputs = {"w": w, "grad": grad, "velocity": velocity, "learning_rate": lr, "momentum": momentum}
        return Case(what, inputs, (w + new_velocity, new_velocity), hint, mistakes=mistakes)

    cases = [
        case(
            "the first step: the velocity starts at zero",
            [1.0, -2.0],
            [2.0, 0.5],
            [0.0, 0.0],
            0.1,
            0.9,
            "return (w, velocity); from rest, the first step is plain gradient descent",
        ),
        case(
            "no gradient: the weights coast on the old velocity",
            [1.0, -2.0],
            [0.0, 0.0],
            [0.5, -1.0],
            0.1,
            0.9,
            "with a zero gradient the velocity only shrinks by the factor momentum, and w still moves",
        ),
        case(
            "a gradient and an old velocity together",
            [0.5, 0.5, 0.5],
            [1.0, -1.0, 4.0],
            [-0.2, 0.1, 0.0],
            0.05,
            0.8,
            "the new velocity mixes the old one (scaled by momentum) with this step's gradient; then w moves",
        ),
        case(
            "momentum 0 is plain SGD",
            [3.0],
            [2.0],
            [7.0],
            0.5,
            0.0,
            "with momentum 0 the old velocity must not matter",
        ),
        case(
            "a weight matrix",
            np.arange(6.0).reshape(2, 3),
            np.ones((2, 3)),
            np.full((2, 3), 0.5),
            0.1,
            0.9,
            "work element by element on arrays of any shape",
        ),
    ]
    run_cases("sgd_momentum_update", sgd_momentum_update, cases)


_SIGN = "the step goes uphill: the gradient points up the slope, so the new velocity must point against it"
_NO_DECAY = "the old velocity must be multiplied by momentum, so that old steps fade away"
_VELOCITY_POINTS_DOWNHILL = (
    "w moves uphill: the velocity already points against the gradient, so w moves by it as it is (added, not "
    "subtracted)"
)
_VELOCITY_IS_THE_STEP = (
    "in Keras the velocity is the step itself, learning rate included (PyTorch's velocity holds gradients "
    "instead): scale this step's gradient by the learning rate when you add it to the velocity"
)


def _adam(w, grad, m, v, t, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7, *, correct="both", square=True, inside=False):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * (grad * grad if square else grad)
    alpha = {
        "both": lr * math.sqrt(1 - beta_2**t) / (1 - beta_1**t),
        "none": lr,
        "beta_1 only": lr / (1 - beta_1**t),
        "no root": lr * (1 - beta_2**t) / (1 - beta_1**t),
    }[correct]
    denominator = np.sqrt(v + epsilon) if inside else np.sqrt(v) + epsilon
    return w - alpha * m / denominator, m, v


def _adam_paper(w, grad, m, v, t, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """The Adam paper's form: m and v corrected one by one, epsilon added to the corrected root."""
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad * grad
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + epsilon), m, v, m_hat, v_hat


def check_adam_update(adam_update: Callable) -> None:
    """Check a learner's ``adam_update(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon)`` (Exercise 6.5).

    Examples
    --------
    >>> from nnlib.optimizers import adam_update
    >>> check_adam_update(adam_update)
    adam_update: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, w, grad, m, v, t, lr, hint):
        w, grad, m, v = (np.asarray(a, dtype=float) for a in (w, grad, m, v))
        inputs = {
            "w": w,
            "grad": grad,
            "m": m,
            "v": v,
            "t": t,
            "learning_rate": lr,
            "beta_1": 0.9,
            "beta_2": 0.999,
            "epsilon": 1e-7,
        }
        with np.errstate(invalid="ignore"):
            right = _adam(w, grad, m, v, t, lr)
            paper_w, paper_m, paper_v, m_hat, v_hat = _adam_paper(w, grad, m, v, t, lr)
            swapped = (
                (1 - 0.9) * m + 0.9 * grad,
                (1 - 0.999) * v + 0.999 * grad * grad,
            )
            alpha = lr * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
            mistakes = (
                ((paper_w, paper_m, paper_v), _PAPER),
                ((paper_w, m_hat, v_hat), _PAPER),
                (_adam(w, grad, m, v, t, lr, correct="none"), _NO_CORRECTION),
                (_adam(w, grad, m, v, t, lr, correct="beta_1 only"), _HALF_CORRECTION),
                (_adam(w, grad, m, v, t, lr, correct="no root"), _HALF_CORRECTION),
                ((right[0], m, v), "return the updated m and v, not the ones passed in"),
                ((w - alpha * right[1] / (right[2] + 1e-7), right[1], right[2]), _ROOT_OF_V),
                ((w - alpha * swapped[0] / (np.sqrt(swapped[1]) + 1e-7), *swapped), _BETAS_SWAPPED),
                (_adam(w, grad, m, v, t, lr, square=False), _NOT_SQUARED),
                (_adam(w, grad, m, v, t, lr, inside=True), _EPSILON),
                (_adam(w, grad, m, v, t, -lr), "the step goes uphill: subtract it from w"),
                (_adam(w, grad, m, v, t + 1, lr), "the correction uses t itself: this is step t, counted from 1"),
            )
        return Case(
            what,
            inputs,
            right,
            hint,
            rtol=1e-7,
            atol=1e-12,
            mistakes=mistakes,
            nonfinite_hint=_NOT_SQUARED,
        )

    cases = [
        case(
            "the first step from m = v = 0",
            [1.0, 1.0],
            [2.0, 0.5],
            [0.0, 0.0],
            [0.0, 0.0],
            1,
            0.1,
            "return (w, m, v); this is step t = 1 (t counts from 1): the first step moves each weight by about "
            "learning_rate, against its gradient",
        ),
        case(
            "a later step with running averages",
            [0.3, -0.2],
            [0.4, 0.1],
            [0.2, -0.1],
            [0.04, 0.01],
            3,
            0.01,
            "m averages the gradients, v their squares; both keep beta of their old value",
        ),
        case(
            "no gradient: the averages still move the weights",
            [1.0],
            [0.0],
            [0.5],
            [0.25],
            10,
            0.001,
            "even with a zero gradient, m is not zero, so w keeps moving",
        ),
        case(
            "a tiny gradient: where epsilon goes",
            [1.0],
            [1e-8],
            [0.0],
            [0.0],
            1,
            0.1,
            "epsilon only keeps the division safe; add it after taking the square root of v",
        ),
        case(
            "a weight matrix at step 100",
            np.full((2, 2), 0.5),
            [[1.0, -1.0], [0.5, 0.0]],
            np.full((2, 2), 0.1),
            np.full((2, 2), 0.2),
            100,
            0.001,
            "work element by element on arrays of any shape",
        ),
    ]
    run_cases("adam_update", adam_update, cases)


_NO_CORRECTION = (
    "the step is too large: m and v start at zero, so early on they are too small; the step size alpha "
    "needs the correction that uses beta_1 and beta_2 raised to the power t (see the formula for alpha)"
)
_NOT_SQUARED = "v is the moving average of the squared gradients (grad * grad), so it is never negative"
_EPSILON = "epsilon is added after the square root is taken, not under it"
_PAPER = (
    "that is the Adam paper's form (m and v corrected one by one), which puts epsilon in a slightly different "
    "place; Keras folds both corrections into the step size alpha: use the lesson's formula for alpha, and "
    "return the running averages m and v themselves"
)
_HALF_CORRECTION = (
    "the step size alpha is off: it needs both corrections, the one with beta_1 and the square root of the "
    "one with beta_2 (see the formula for alpha)"
)
_ROOT_OF_V = "divide by the square root of v: v averages squared gradients, its root has the gradient's size"
_BETAS_SWAPPED = (
    "m keeps the fraction beta_1 of its old value and takes only (1 - beta_1) of the new gradient; v likewise "
    "with beta_2"
)


#: Which optimizer hides behind each letter of Exercise 6.6's mystery curves.
_MYSTERY = {"A": "SGD, momentum 0.9", "B": "Adagrad", "C": "SGD"}


def mystery_curves(histories: Mapping[str, object]) -> dict[str, object]:
    """The three runs of Exercise 6.6 under the letters A, B, C instead of their names.

    Examples
    --------
    >>> mystery_curves({"SGD": 1, "SGD, momentum 0.9": 2, "Adagrad": 3})
    {'A': 2, 'B': 3, 'C': 1}
    """
    missing = [name for name in _MYSTERY.values() if name not in histories]
    if missing:
        raise ValueError(f"mystery_curves: run the cell that trains the optimizers first; missing {missing}")
    return {letter: histories[name] for letter, name in _MYSTERY.items()}


def check_which_curve(predict_which_curve: Callable) -> None:
    """Grade which unlabelled learning curve (A, B, C) belongs to which optimizer (Exercise 6.6).

    Examples
    --------
    >>> check_which_curve(lambda: {"sgd": "C", "momentum": "A", "adagrad": "B"})
    which_curve: 3/3 checks passed
    """
    __tracebackhide__ = True
    adagrad = (
        "Adagrad's default learning rate is 0.001, ten times smaller than SGD's 0.01, and its steps only "
        "shrink as the squared gradients pile up"
    )
    momentum = (
        "with momentum 0.9 the velocity grows to about 1 / (1 - 0.9) = 10 plain steps while the slope keeps its sign"
    )
    predictions = [
        Prediction(
            "momentum",
            "SGD with momentum 0.9",
            "A",
            momentum,
            mistakes=(("B", momentum), ("C", momentum)),
        ),
        Prediction(
            "adagrad",
            "Adagrad with Keras's defaults",
            "B",
            adagrad,
            mistakes=(("A", adagrad), ("C", adagrad)),
        ),
        Prediction(
            "sgd",
            "plain SGD with Keras's defaults",
            "C",
            "plain SGD has no velocity, but its learning rate is ten times Adagrad's",
        ),
    ]
    check_predictions("which_curve", predict_which_curve, predictions)


def check_accuracy(accuracy: Callable) -> None:
    """Check a learner's ``accuracy(y_true, probabilities)`` (Exercise 6.7).

    Examples
    --------
    >>> check_accuracy(lambda y_true, probabilities: float(np.mean(probabilities.argmax(axis=1) == y_true)))
    accuracy: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, y, p, hint, mistakes=()):
        y, p = np.asarray(y), np.asarray(p, dtype=float)
        right = float(np.mean(p.argmax(axis=1) == y))
        count = float(np.sum(p.argmax(axis=1) == y))
        extra = [(count, "return a fraction of the samples (from 0 to 1), not a count")] if count != right else []
        if p.shape[0] == p.shape[1]:
            wrong_axis = float(np.mean(p.argmax(axis=0) == y))
            if wrong_axis != right:
                extra.append((wrong_axis, "take the largest probability along each row (one row per sample)"))
        if right:
            extra.append((100 * right, "return a fraction from 0 to 1, not a percentage"))
        if not math.isclose(1 - right, right):
            extra.append((1 - right, "that is the fraction the model gets wrong: count the samples it gets right"))
        by_value = float(np.mean(p.max(axis=1) == y))
        if by_value != right:
            extra.append((by_value, _CLASS_NUMBERS))
        return Case(what, {"y_true": y, "probabilities": p}, right, hint, mistakes=tuple(extra) + tuple(mistakes))

    cases = [
        case(
            "four samples and four classes",
            [2, 0, 0, 3],
            [[0.1, 0.2, 0.6, 0.1], [0.5, 0.3, 0.1, 0.1], [0.2, 0.4, 0.3, 0.1], [0.1, 0.1, 0.1, 0.7]],
            "a sample is right when its most probable class is its label; return one number",
        ),
        case(
            "two samples, both right",
            [0, 2],
            [[0.9, 0.05, 0.05], [0.1, 0.2, 0.7]],
            "compare each sample's most probable class (its column number) with its label",
        ),
        case(
            "one of two right",
            [1, 1],
            [[0.6, 0.4], [0.3, 0.7]],
            "a sample is right when its most probable class is its label",
        ),
        case(
            "the label is a class number, not a probability",
            [1, 0, 1, 1],
            [[0.2, 0.8], [0.55, 0.45], [0.4, 0.6], [0.9, 0.1]],
            _CLASS_NUMBERS,
            mistakes=((0.0, _CLASS_NUMBERS),),
        ),
        case(
            "ten classes, none right",
            [0, 0],
            np.eye(10)[[3, 9]],
            "no prediction matches its label here",
        ),
    ]
    run_cases("accuracy", accuracy, cases)


_CLASS_NUMBERS = "compare class numbers with class numbers: which column holds each row's largest value?"
