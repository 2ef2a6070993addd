"""Checks for lesson 06: parameter counts and batch shapes (predictions), the mini-batch loop, the
momentum and Adam updates, which learning curve is which optimizer (a prediction), and accuracy."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping

import numpy as np

from nnlib.batches import shuffled_batches
from nnlib.checks._core import (
    Case,
    CheckFailed,
    MalformedAnswer,
    NotAttemptedError,
    Prediction,
    check_predictions,
    require_function,
    run_cases,
)
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
    """Check a learner's ``batch_indices(n_samples, batch_size, seed)``, the draft fixed (Exercise 6.3).

    Before the cases run, the function is called twice with the same seed (the batches must be the
    same: a generator made without the seed changes them on every call) and its result must be a list.

    Examples
    --------
    >>> check_batch_indices(lambda n_samples, batch_size, seed: list(_reference_batches(n_samples, batch_size, seed)))
    batch_indices: 5/5 checks passed
    """
    __tracebackhide__ = True
    _require_list_and_seed(batch_indices)

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
            mistakes.append((early, _STOPS_EARLY))
        if seed != 0:
            mistakes.append((_reference_batches(n, size, 0), _SEED_IGNORED))
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


_STOPS_EARLY = "the loop stops one batch too early: let it run to the end of the data"
_SEED_IGNORED = (
    "the seed is ignored: these are the batches of seed 0 whatever seed comes in; make the generator from the "
    "seed argument"
)


def _require_list_and_seed(batch_indices: Callable) -> None:
    """Fail clearly if the result is not a list, or if the same seed gives different batches on two calls."""
    __tracebackhide__ = True
    require_function("batch_indices", batch_indices)
    try:
        first, second = (batch_indices(n_samples=10, batch_size=4, seed=3) for _ in range(2))
    except NotImplementedError:
        raise NotAttemptedError("batch_indices") from None
    except Exception:  # a crash is reported with its case by run_cases
        return
    if first is None:
        return
    if not isinstance(first, list):
        raise CheckFailed(
            f"batch_indices: return a list with one array of sample numbers per batch (as the docstring says); "
            f"batch_indices(10, 4, seed=3) returned {type(first).__name__}"
        )
    same = len(first) == len(second) and all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    if not same:
        raise CheckFailed(
            "batch_indices: two calls with the same seed (batch_indices(10, 4, seed=3)) gave different batches. "
            "hint: the seed is ignored: the random generator must be made from the seed argument, so that the "
            "same seed gives the same batches"
        )


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
        averaged = momentum * velocity + (1 - momentum) * grad  # Coursera's form: an average of the gradients
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
            ((w + new_velocity, velocity), _OLD_VELOCITY_RETURNED),
            ((w - lr * averaged, averaged), _AVERAGED),
            ((w + averaged, averaged), _AVERAGED),
            ((w - averaged, averaged), _AVERAGED),
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
_OLD_VELOCITY_RETURNED = (
    "the weights are right, but the velocity you return is the one passed in: return the new velocity, or the "
    "next step forgets this one"
)
_AVERAGED = (
    "that velocity is an average of the gradients (momentum * velocity + (1 - momentum) * grad, the form some "
    "courses use): it never grows beyond one gradient. In the table above the velocity keeps all of this step "
    "and a fraction of the old one, so on a steady slope it grows to many plain steps"
)
_VELOCITY_IS_THE_STEP = (
    "in Keras the velocity is the step itself, learning rate included (PyTorch's velocity holds gradients "
    "instead): scale this step's gradient by the learning rate when you add it to the velocity"
)


def _adam(
    w,
    grad,
    m,
    v,
    t,
    lr,
    beta_1=0.9,
    beta_2=0.999,
    epsilon=1e-7,
    *,
    correct="both",
    square=True,
    inside=False,
    epsilon_after_division=False,
):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * (grad * grad if square else grad)
    alpha = {
        "both": lr * math.sqrt(1 - beta_2**t) / (1 - beta_1**t),
        "none": lr,
        "beta_1 only": lr / (1 - beta_1**t),
        "beta_2 only": lr * math.sqrt(1 - beta_2**t),
        "no root": lr * (1 - beta_2**t) / (1 - beta_1**t),
        "divided by 1": lr * math.sqrt(1 - beta_2**t) / 1 - beta_1**t,  # a missing bracket
        "power of the bracket": lr * math.sqrt((1 - beta_2) ** t) / (1 - beta_1) ** t,
        "power of the bracket, beta_1": lr * math.sqrt(1 - beta_2**t) / (1 - beta_1) ** t,
    }[correct]
    if epsilon_after_division:  # m / root + epsilon: a missing bracket around the denominator
        return w - alpha * (m / np.sqrt(v) + epsilon), m, v
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
                (_adam(w, grad, m, v, t, lr, epsilon_after_division=True), _PRECEDENCE_EPSILON),
                ((paper_w, paper_m, paper_v), _PAPER),
                ((paper_w, m_hat, v_hat), _PAPER),
                (_adam(w, grad, m, v, t, lr, correct="none"), _NO_CORRECTION),
                (_adam(w, grad, m, v, t, lr, correct="beta_1 only"), _BETA_2_FORGOTTEN),
                (_adam(w, grad, m, v, t, lr, correct="beta_2 only"), _BETA_1_FORGOTTEN),
                (_adam(w, grad, m, v, t, lr, correct="no root"), _NO_ROOT_IN_CORRECTION),
                (_adam(w, grad, m, v, t, lr, correct="divided by 1"), _PRECEDENCE_DIVISION),
                (_adam(w, grad, m, v, t, lr, correct="power of the bracket"), _PRECEDENCE_POWER),
                (_adam(w, grad, m, v, t, lr, correct="power of the bracket, beta_1"), _PRECEDENCE_POWER),
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
            rtol=1e-10,  # epsilon's place changes the first step by about 1e-7 of it
            atol=1e-15,
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
    "needs the corrections you derived, which use beta_1 and beta_2 raised to the power t"
)
_NOT_SQUARED = "v is the moving average of the squared gradients (grad * grad), so it is never negative"
_EPSILON = "epsilon is added after the square root is taken, not under it"
_PAPER = (
    "that is the Adam paper's form (m and v corrected one by one), which puts epsilon in a slightly different "
    "place; Keras folds both corrections into the step size alpha: put them there, and "
    "return the running averages m and v themselves"
)
_BETA_1_FORGOTTEN = (
    "beta_1's correction is missing: m starts at zero too, so early on it is too small by the factor you found "
    "for m; alpha must make up for both averages"
)
_BETA_2_FORGOTTEN = (
    "only m's correction is there: v is too small early on as well, and the step divides by its square root, "
    "so alpha also needs the correction for the root of v"
)
_NO_ROOT_IN_CORRECTION = (
    "the step divides by the square root of v, so v's correction enters alpha through a square root as well"
)
_PRECEDENCE_DIVISION = (
    "an operator-precedence slip: Python divides before it subtracts, so without a bracket around the "
    "correction's denominator you divide by 1 and then subtract beta_1 to the power t"
)
_PRECEDENCE_POWER = (
    "an operator-precedence slip: the power t applies to beta alone (1 minus beta to the power t), not to "
    "the bracket (1 - beta)"
)
_PRECEDENCE_EPSILON = (
    "an operator-precedence slip: epsilon belongs in the denominator, added to the root of v before you "
    "divide; as written it is added after the division"
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


#: The letters of Exercise 6.6 and the keys of its prediction that hold a letter.
_LETTERS = tuple(_MYSTERY)
_LETTER_KEYS = {"momentum": "A", "adagrad": "B", "sgd": "C"}


def named_curves(histories: Mapping[str, object]) -> dict[str, object]:
    """All runs for the reveal of Exercise 6.6: the mystery ones first, as ``"A = SGD, momentum 0.9"``.

    Drawn in this order, each mystery curve keeps the colour it had in the mystery plot.

    Examples
    --------
    >>> list(named_curves({"SGD": 1, "SGD, momentum 0.9": 2, "Adagrad": 3, "Adam": 4}))
    ['A = SGD, momentum 0.9', 'B = Adagrad', 'C = SGD', 'Adam']
    """
    mystery_curves(histories)  # says clearly if a run is missing
    named = {f"{letter} = {name}": histories[name] for letter, name in _MYSTERY.items()}
    return named | {name: run for name, run in histories.items() if name not in _MYSTERY.values()}


def check_which_curve(predict_which_curve: Callable) -> None:
    """Grade Exercise 6.6: the two step sizes derived from the defaults, then which curve (A, B, C) is which.

    The answer is a dict: ``"momentum_speedup"`` and ``"adagrad_first_step"`` (numbers), and
    ``"sgd"``, ``"momentum"``, ``"adagrad"`` (one letter each, each letter used once).

    Examples
    --------
    >>> check_which_curve(
    ...     lambda: {"momentum_speedup": 10, "adagrad_first_step": 0.32, "sgd": "C", "momentum": "A", "adagrad": "B"}
    ... )
    which_curve: 5/5 checks passed
    """
    __tracebackhide__ = True
    _require_letters(predict_which_curve)
    adagrad = (
        "Adagrad's default learning rate is 0.001, ten times smaller than SGD's 0.01, its first step is only "
        "about a third of that, and its steps only shrink as the squared gradients pile up"
    )
    momentum = "the curve whose steps grow to about ten plain SGD steps while the slope keeps its sign"
    predictions = [
        Prediction(
            "momentum_speedup",
            "how many plain SGD steps one momentum-0.9 step grows to on a steady slope",
            10.0,
            "on a steady slope each step adds the same plain step to what is left of the velocity: add up "
            "1 + 0.9 + 0.9**2 + ... (a geometric series)",
            mistakes=(
                (
                    0.9,
                    "0.9 is the fraction of the old velocity kept each step; the question is what all the kept "
                    "fractions add up to",
                ),
                (1.9, "that is the velocity after two steps; keep adding: the series 1 + 0.9 + 0.81 + ... goes on"),
                (
                    9.0,
                    "the series 1 + 0.9 + 0.81 + ... starts with 1, this step's own plain step: add it up again",
                ),
            ),
            atol=0.5,
        ),
        Prediction(
            "adagrad_first_step",
            "Adagrad's first step as a fraction of plain SGD's, for a small gradient",
            0.1 / math.sqrt(0.1),
            "Adagrad's first step is its learning rate times the gradient, divided by the root of its "
            "accumulator (0.1 plus the tiny squared gradient); compare with SGD's learning rate times the gradient",
            mistakes=(
                (
                    0.1,
                    "that is the ratio of the learning rates alone; Adagrad also divides by the root of its "
                    "accumulator, which starts at initial_accumulator_value = 0.1",
                ),
                (1.0, "Adagrad divides by the square root of its accumulator, not by the accumulator itself"),
                (
                    0.1 * math.sqrt(0.1),
                    "Adagrad divides by the root of its accumulator (about 0.32), which makes its step larger than "
                    "its learning rate times the gradient, not smaller",
                ),
                (
                    math.sqrt(10),
                    "that is SGD's first step as a multiple of Adagrad's: the question asks for Adagrad's as a "
                    "fraction of SGD's",
                ),
            ),
            atol=0.02,
        ),
        Prediction("momentum", "SGD with momentum 0.9", "A", momentum, mistakes=(("B", momentum), ("C", momentum))),
        Prediction("adagrad", "Adagrad with Keras's defaults", "B", adagrad, mistakes=(("A", adagrad), ("C", adagrad))),
        Prediction(
            "sgd",
            "plain SGD with Keras's defaults",
            "C",
            "plain SGD has no velocity, but its learning rate is ten times Adagrad's",
        ),
    ]
    check_predictions("which_curve", predict_which_curve, predictions)


def _require_letters(predict_which_curve: Callable) -> None:
    """Reject letters other than A, B, C, or a letter used twice, as a malformed answer."""
    __tracebackhide__ = True
    try:
        answers = predict_which_curve() if callable(predict_which_curve) else None
    except Exception:  # not attempted, or broken: check_predictions reports it
        return
    if not isinstance(answers, Mapping):
        return
    letters = [answers.get(key) for key in _LETTER_KEYS if isinstance(answers.get(key), str)]
    strange = [letter for letter in letters if letter.strip().upper() not in _LETTERS]
    if strange:
        raise MalformedAnswer(f"which_curve: the curves are called 'A', 'B' and 'C'; got {strange[0]!r}")
    if len({letter.strip().upper() for letter in letters}) < len(letters):
        raise MalformedAnswer("which_curve: each curve belongs to one optimizer: use each letter once")


#: Exercise 6.7: can each set-up drive the loss on ten images below 0.05 within 100 steps?
TINY_BATCH_OVERFITS = {
    "as_built": True,
    "random_labels": True,
    "labels_reshuffled": False,
    "tiny_learning_rate": False,
}


def check_tiny_batch(predict_tiny_batch: Callable) -> None:
    """Grade Exercise 6.7: the loss of a model that knows nothing, and which set-ups overfit ten images.

    Examples
    --------
    >>> check_tiny_batch(lambda: {"start_loss": 2.3, "as_built": True, "random_labels": True,
    ...                           "labels_reshuffled": False, "tiny_learning_rate": False})
    tiny_batch: 5/5 checks passed
    """
    __tracebackhide__ = True
    memorise = (
        "ten images and 9,610 weights: a working model can learn any ten labels by heart, whether or not they "
        "make sense"
    )
    predictions = [
        Prediction(
            "start_loss",
            "the cross-entropy of a model that gives each of the 10 classes the same probability",
            math.log(10),
            "the loss of one sample is minus the log of the probability it gives the right class",
            mistakes=(
                (0.1, "0.1 is the probability of the right class; the loss is minus its (natural) logarithm"),
                (1.0, "that is the logarithm to base 10; cross-entropy uses the natural logarithm (np.log)"),
                (-math.log(10), "the loss is minus the logarithm of a probability below 1, so it is positive"),
                (0.0, "a loss of 0 needs probability 1 on every right class; this model spreads it evenly"),
                (0.9, "that is the probability of the wrong classes; the loss only looks at the right one"),
            ),
            atol=0.05,
        ),
        Prediction("as_built", "the digits model as built, Adam, 100 steps", True, memorise),
        Prediction(
            "random_labels",
            "the same, with the ten labels shuffled once (each image keeps a wrong label)",
            True,
            memorise + "; the labels being wrong does not stop it (which is why a small loss on the training "
            "set proves nothing about new images)",
        ),
        Prediction(
            "labels_reshuffled",
            "the labels shuffled anew at every step (images and labels out of step)",
            False,
            "if the label of each image changes at every step, there is nothing fixed to learn by heart: the best "
            "the model can do is spread its probability evenly",
        ),
        Prediction(
            "tiny_learning_rate",
            "a learning rate of 0.00001",
            False,
            "with steps a hundred times smaller than Adam's default, 100 steps move the weights very little",
        ),
    ]
    check_predictions("tiny_batch", predict_tiny_batch, predictions)


def check_regularisation(predict_regularisation: Callable) -> None:
    """Grade Exercise 6.9: inverted dropout in training and at predict, and 100 steps of weight decay.

    Examples
    --------
    >>> check_regularisation(
    ...     lambda: {"training_output": [2, 0, 6, 0], "predict_output": [1, 2, 3, 4], "decayed_weight": 1.481}
    ... )
    regularisation: 3/3 checks passed
    """
    __tracebackhide__ = True
    predictions = [
        Prediction(
            "training_output",
            "Dropout(0.5) in training on [1, 2, 3, 4], keeping the first and third inputs",
            [2.0, 0.0, 6.0, 0.0],
            "the dropped inputs become 0; the kept ones are scaled so that the average output stays the same",
            mistakes=(
                (
                    [1.0, 0.0, 3.0, 0.0],
                    "the kept inputs are also scaled up, by 1 / (1 - rate): without that the layer's output would "
                    "be half as large in training as at predict",
                ),
                ([0.5, 0.0, 1.5, 0.0], "the kept inputs are divided by (1 - rate), not multiplied: they grow"),
                ([2.0, 4.0, 6.0, 8.0], "the dropped inputs become 0; only the kept ones are scaled"),
            ),
        ),
        Prediction(
            "predict_output",
            "the same layer at predict (not training) on [1, 2, 3, 4]",
            [1.0, 2.0, 3.0, 4.0],
            "at predict every unit is there, and inverted dropout did its scaling during training",
            mistakes=(
                (
                    [0.5, 1.0, 1.5, 2.0],
                    "that is the original, non-inverted dropout, which scales at predict time; inverted dropout "
                    "scales during training, so predict passes the input through unchanged",
                ),
                ([2.0, 0.0, 6.0, 0.0], "dropout is switched off at predict: nothing is dropped"),
                ([2.0, 4.0, 6.0, 8.0], "at predict nothing is dropped and nothing is scaled"),
            ),
        ),
        Prediction(
            "decayed_weight",
            "a weight of 2.0 after 100 steps of SGD(learning_rate=0.3, weight_decay=0.01) with zero gradients",
            2.0 * (1 - 0.3 * 0.01) ** 100,
            "each step multiplies the weight by the same factor, (1 - learning_rate * weight_decay)",
            mistakes=(
                (2.0 * (1 - 0.3 * 0.01), _ONE_STEP),
                (2.0 * (1 - 100 * 0.3 * 0.01), _COMPOUNDS),
                (2.0 * (1 - 0.01) ** 100, "the decay is scaled by the learning rate as well"),
                (2.0 - 100 * 0.01, "the decay is scaled by the learning rate as well, and it shrinks by a fraction"),
                (
                    2.0 * (1 - 2 * 0.3 * 0.01) ** 100,
                    "that uses the gradient 2 * l2 * w of an L2 penalty with l2 = 0.01; Keras's weight_decay "
                    "shrinks by learning_rate * weight_decay, without the 2",
                ),
                (2.0, "the gradients are zero, but weight decay shrinks the weight anyway"),
            ),
            atol=2e-3,
        ),
    ]
    check_predictions("regularisation", predict_regularisation, predictions)


_ONE_STEP = "that is the weight after one step; the shrinking repeats at each of the 100 steps"
_COMPOUNDS = "the shrinking compounds: each step takes its fraction of what is left, not of the starting weight"


def check_accuracy(accuracy: Callable) -> None:
    """Check a learner's ``accuracy(y_true, probabilities)``, the draft fixed (Exercise 6.8).

    Examples
    --------
    >>> check_accuracy(lambda y_true, probabilities: float(np.mean(probabilities.argmax(axis=1) == y_true)))
    accuracy: 6/6 checks passed
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
        by_value = float(np.mean(p.max(axis=1) == y))
        if by_value != right:
            extra.append((by_value, _CLASS_NUMBERS))
        flat = float(np.mean(p.argmax() == y))
        if flat != right:
            extra.append((flat, _FLAT_POSITION))
        if not math.isclose(1 - right, right):
            extra.append((1 - right, "that is the fraction the model gets wrong: count the samples it gets right"))
        if not float(right).is_integer():
            extra.append((float(int(right)), _TRUNCATED))
        if round(right, 2) != right:
            extra.append((round(right, 2), _ROUNDED))
            extra.append((round(100 * right, 2), "return a fraction from 0 to 1, not a percentage (and unrounded)"))
        return Case(what, {"y_true": y, "probabilities": p}, right, hint, mistakes=tuple(extra) + tuple(mistakes))

    cases = [
        case(
            "three samples, two right: a fraction that is not a round number",
            [1, 0, 1],
            [[0.0, 1.0, 0.0], [0.0, 0.3, 0.7], [0.0, 1.0, 0.0]],
            "a sample is right when its most probable class is its label; return the fraction, as it is",
        ),
        case(
            "three samples, all right",
            [2, 1, 1],
            [[0.05, 0.05, 0.9], [0.05, 0.9, 0.05], [0.1, 0.6, 0.3]],
            "compare each sample's most probable class (its column number) with its label",
        ),
        case(
            "four samples and four classes",
            [2, 0, 0, 3],
            [[0.1, 0.2, 0.6, 0.1], [0.5, 0.3, 0.1, 0.1], [0.2, 0.4, 0.3, 0.1], [0.1, 0.1, 0.1, 0.7]],
            "a sample is right when its most probable class is its label; return one number",
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


_TRUNCATED = (
    "int() cuts the fraction down to a whole number, so every accuracy below 1 becomes 0: return the fraction "
    "itself, as a float"
)
_ROUNDED = (
    "the accuracy is rounded to two decimals: return it unrounded (round only when you print it, with a format "
    "such as :.2%)"
)
_FLAT_POSITION = (
    "without an axis you get one position in the whole table, read as one long row, instead of one class per "
    "sample: ask for the position of the largest value along each row"
)
_CLASS_NUMBERS = "compare class numbers with class numbers: which column holds each row's largest value?"
