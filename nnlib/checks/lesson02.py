"""Checks for lesson 02: the perceptron's prediction rule, one update, the training loop, separability."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from nnlib.checks._core import (
    Case,
    CheckFailed,
    NotAttemptedError,
    Prediction,
    check_predictions,
    compare,
    format_value,
    require_function,
    run_cases,
)
from nnlib.checks._core import predictions_made as predictions_made  # for the lesson's verify cells
from nnlib.datasets import logic_gate

#: Which data sets of ``nnlib.datasets.separability_quiz()`` one straight line can split.
QUIZ_ANSWER = {"A": True, "B": False, "C": True, "D": False}


def _unpack(name: str, result: object, parts: Sequence[str]) -> tuple:
    """The learner's result as a tuple of ``len(parts)`` things, or a CheckFailed that says what to return."""
    __tracebackhide__ = True
    wanted = ", ".join(parts)
    if not isinstance(result, (tuple, list)) or len(result) != len(parts):
        raise CheckFailed(
            f"{name}: must return {len(parts)} things, `return {wanted}`; it returned {format_value(result)}"
        )
    return tuple(result)


def check_predict(predict: Callable) -> None:
    """Check a learner's ``predict(X, w, b)`` (Exercise 2.1).

    Examples
    --------
    >>> from nnlib.perceptron import predict
    >>> check_predict(predict)
    predict: 6/6 checks passed
    """
    __tracebackhide__ = True
    three = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, -1.0]])
    cases = [
        Case(
            "three samples, weights all zero, positive bias",
            {"X": three, "w": np.zeros(2), "b": 1.0},
            np.array([1, 1, 1]),
            "return one 0/1 label per row of X, an array of shape (n_samples,)",
        ),
        Case(
            "weights all zero, negative bias",
            {"X": three, "w": np.zeros(2), "b": -1.0},
            np.array([0, 0, 0]),
            "with w = 0 only the bias decides; a negative sum means label 0",
        ),
        Case(
            "only the first feature counts",
            {"X": np.array([[2.0, 5.0], [-2.0, 5.0]]), "w": np.array([1.5, 0.0]), "b": 0.0},
            np.array([1, 0]),
            "each row's sum is x1*w1 + x2*w2 + b: is every row multiplied by the weights?",
        ),
        Case(
            "only the second feature counts, with a negative weight",
            {"X": np.array([[5.0, 1.0], [5.0, -1.0]]), "w": np.array([0.0, -2.0]), "b": 0.0},
            np.array([0, 1]),
            "the second feature's product counts too; a negative weight flips its effect",
        ),
        Case(
            "a sum of exactly zero",
            {"X": np.array([[1.0, 1.0]]), "w": np.array([1.0, -1.0]), "b": 0.0},
            np.array([1]),
            "as in lesson 01, the neuron fires when the sum reaches zero: >=, not >",
        ),
        Case(
            "five samples, three features, all terms",
            {
                "X": np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [3.0, 1.0, 3.0], [-1.0, 0.5, 0.0], [0.0, 0.0, 0.0]]),
                "w": np.array([0.5, -2.0, 1.0]),
                "b": -2.0,
            },
            np.array([1, 0, 1, 0, 0]),
            "every row needs its own weighted sum, with every feature and the bias, compared with 0 "
            "(lesson 01 did a whole batch in one operation)",
        ),
    ]
    run_cases("predict", predict, cases)


def check_update(update: Callable) -> None:
    """Check a learner's ``update(x, y, w, b, lr)``, which returns the new ``(w, b)`` (Exercise 2.2).

    Results are shown as one list, the new weights followed by the new bias: ``[w1, w2, b]``.

    Examples
    --------
    >>> from nnlib.perceptron import update
    >>> check_update(update)
    update: 7/7 checks passed
    """
    __tracebackhide__ = True
    require_function("update", update)
    try:
        first = update(x=np.array([1.0, 2.0]), y=1, w=np.zeros(2), b=-1.0, lr=1.0)
    except NotImplementedError:
        raise NotAttemptedError("update") from None
    except Exception:  # a crash is reported below, together with the case that caused it
        first = (None, None)
    _unpack("update", first, ("w", "b"))

    def packed(**inputs: Any) -> np.ndarray | None:
        w, b = _unpack("update", update(**inputs), ("w", "b"))
        if w is None or b is None:
            return None
        return np.append(np.asarray(w, dtype=np.float64), b)

    x = np.array([1.0, 2.0])
    cases = [
        Case(
            "right answer (fires on a 1), shown as [w1, w2, b]",
            {"x": x, "y": 1, "w": np.array([1.0, 1.0]), "b": 0.0, "lr": 1.0},
            np.array([1.0, 1.0, 0.0]),
            "the prediction is right, so y - y_hat is 0 and neither w nor b may change",
        ),
        Case(
            "right answer (silent on a 0)",
            {"x": x, "y": 0, "w": np.array([-1.0, -1.0]), "b": 0.0, "lr": 1.0},
            np.array([-1.0, -1.0, 0.0]),
            "the prediction is right, so y - y_hat is 0 and neither w nor b may change",
        ),
        Case(
            "only the bias can move (x is all zeros)",
            {"x": np.zeros(2), "y": 0, "w": np.array([1.0, 1.0]), "b": 0.5, "lr": 1.0},
            np.array([1.0, 1.0, -0.5]),
            "here the neuron fires (z = 0.5) but y = 0, so y - y_hat = -1 and b must go down by lr, even though "
            "x is zero",
            mistakes=(
                (
                    np.array([1.0, 1.0, 0.5]),
                    "the bias did not move: the rule updates b as well as w, by lr times the error, even "
                    "where x is all zeros",
                ),
                (
                    np.array([1.0, 1.0, 1.5]),
                    "the bias moved the wrong way: the error is y - y_hat (target minus guess), here 0 - 1",
                ),
            ),
        ),
        Case(
            "silent on a 1: the weights must move towards x",
            {"x": x, "y": 1, "w": np.array([0.0, 0.0]), "b": -1.0, "lr": 1.0},
            np.array([1.0, 2.0, 0.0]),
            "first predict y_hat for x with the current w and b; here y - y_hat is +1",
        ),
        Case(
            "fired on a 0: the weights must move away from x",
            {"x": x, "y": 0, "w": np.array([0.0, 0.0]), "b": 0.0, "lr": 1.0},
            np.array([-1.0, -2.0, -1.0]),
            "with w = 0 and b = 0 the sum is exactly 0, so the neuron fires; y - y_hat is then -1",
        ),
        Case(
            "a learning rate of 0.1",
            {"x": x, "y": 1, "w": np.array([0.0, 0.0]), "b": -1.0, "lr": 0.1},
            np.array([0.1, 0.2, -0.9]),
            "both changes, to w and to b, are multiplied by lr",
        ),
        Case(
            "three features",
            {"x": np.array([1.0, -1.0, 2.0]), "y": 0, "w": np.array([0.5, 0.5, 0.5]), "b": 0.0, "lr": 0.5},
            np.array([0.0, 1.0, -0.5, -0.5]),
            "one weight per feature: every weight moves by lr times the error times its own input",
        ),
    ]
    run_cases("update", packed, cases)


def _train_cases() -> list[tuple[str, dict[str, Any], tuple, str]]:
    X_and, y_and = logic_gate("AND")
    X_xor, y_xor = logic_gate("XOR")
    small = np.array([[-3.0, -2.0], [0.0, 2.0], [-3.0, 1.0], [2.0, 2.0], [3.0, -2.0], [1.0, 3.0]])
    y_small = np.array([0, 1, 0, 1, 0, 1])
    return [
        (
            "one sample the zero weights already get right",
            {"X": np.array([[1.0, 1.0]]), "y": np.array([1]), "lr": 1.0, "n_epochs": 10},
            (np.zeros(2), 0.0, [0]),
            "start from w = 0 and b = 0; an epoch without mistakes ends training, and it still counts",
        ),
        (
            "one sample, one mistake, then a clean epoch",
            {"X": np.array([[1.0, 1.0]]), "y": np.array([0]), "lr": 1.0, "n_epochs": 10},
            (np.array([-1.0, -1.0]), -1.0, [1, 0]),
            "count the mistakes of every epoch, including the last, clean one (0)",
        ),
        (
            "AND gate, lr = 1",
            {"X": X_and, "y": y_and, "lr": 1.0, "n_epochs": 100},
            (np.array([2.0, 1.0]), -3.0, [2, 3, 3, 2, 1, 0]),
            "visit the rows in order and update right after each sample, not once per epoch",
        ),
        (
            "AND gate, lr = 0.5",
            {"X": X_and, "y": y_and, "lr": 0.5, "n_epochs": 100},
            (np.array([1.0, 0.5]), -1.5, [2, 3, 3, 2, 1, 0]),
            "pass lr on to every update",
        ),
        (
            "XOR never separates: all n_epochs are used",
            {"X": X_xor, "y": y_xor, "lr": 1.0, "n_epochs": 5},
            (np.array([-1.0, 0.0]), 0.0, [3, 3, 4, 4, 4]),
            "stop after n_epochs epochs even if mistakes remain",
        ),
        (
            "six points a line can separate",
            {"X": small, "y": y_small, "lr": 1.0, "n_epochs": 100},
            (np.array([3.0, 4.0]), -5.0, [2, 2, 1, 0]),
            "keep going epoch after epoch until an epoch has no mistakes",
        ),
    ]


def check_train_perceptron(train_perceptron: Callable) -> None:
    """Check a learner's ``train_perceptron(X, y, lr, n_epochs)`` -> ``(w, b, mistakes)`` (Exercise 2.3).

    Training is deterministic (zero start, rows in order), so every case has one right answer.

    Examples
    --------
    >>> from nnlib.perceptron import train_perceptron
    >>> check_train_perceptron(train_perceptron)
    train_perceptron: 6/6 checks passed
    """
    __tracebackhide__ = True
    name = "train_perceptron"
    require_function(name, train_perceptron)
    cases = _train_cases()
    total = len(cases)
    for number, (what, inputs, expected, hint) in enumerate(cases, start=1):
        try:
            result = train_perceptron(**copy.deepcopy(inputs))
        except NotImplementedError:
            raise NotAttemptedError(name) from None
        except Exception as error:
            raise CheckFailed(
                _message(name, number, total, what, inputs, f"raised {type(error).__name__}: {error}", hint)
            ) from error
        got = _unpack(name, result, ("w", "b", "mistakes"))
        for part, got_part, want in zip(("w", "b", "mistakes"), got, expected, strict=True):
            problem = compare(got_part, want)
            if problem and part == "mistakes" and _never_reset(got_part, want):
                hint = (
                    "the mistake count keeps growing from epoch to epoch, so it never reads 0 and training "
                    "never stops: each epoch must count its own mistakes, starting again from 0"
                )
            if problem:
                raise CheckFailed(
                    _message(name, number, total, what, inputs, f"{part} {problem}", hint, part, want, got_part)
                )
    print(f"{name}: {total}/{total} checks passed")


def _never_reset(got: object, want: list[int]) -> bool:
    """True if ``got`` looks like per-epoch counts that were never reset (running totals)."""
    try:
        got = np.asarray(got, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return False
    totals = np.cumsum(want)
    return len(got) > 1 and len(got) >= len(totals) and np.array_equal(got[: len(totals)], totals)


def _message(
    name: str,
    number: int,
    total: int,
    what: str,
    inputs: dict[str, Any],
    problem: str,
    hint: str,
    part: str | None = None,
    want: Any = None,
    got: Any = None,
) -> str:
    shown = ", ".join(f"{k} = {format_value(v)}" for k, v in inputs.items())
    lines = [f"{name}: check {number} of {total} failed ({what}): {problem}", f"    input:    {shown}"]
    if part is not None:
        lines += [
            f"    expected: {part} = {format_value(want)}",
            f"    got:      {part} = {format_value(got)}",
        ]
    lines.append(f"    hint:     {hint}")
    return "\n".join(lines)


def _letters(chosen: object) -> set[str]:
    __tracebackhide__ = True
    if isinstance(chosen, str):
        chosen = [c for c in chosen if c.isalpha()]
    if not isinstance(chosen, Iterable):
        raise CheckFailed(
            f"separable_datasets: return the letters of the data sets you chose, such as "
            f"{{'A', 'B'}}; it returned {chosen!r}"
        )
    letters = {str(c).strip().upper() for c in chosen}
    unknown = sorted(letters - set(QUIZ_ANSWER))
    if unknown:
        raise CheckFailed(
            f"separable_datasets: there is no data set {', '.join(unknown)}; choose among {', '.join(QUIZ_ANSWER)}"
        )
    return letters


def check_separable_datasets(separable_datasets: Callable[[], Iterable[str]]) -> None:
    """Check ``separable_datasets()``, the letters of the quiz's linearly separable data (Exercise 2.4).

    A wrong answer is told whether it includes a data set no line separates or leaves out one that a
    line does separate, but never which letter is wrong (that would let a guesser find the answer
    one letter at a time).

    Examples
    --------
    >>> check_separable_datasets(lambda: {"A", "C"})
    separable_datasets: 4/4 checks passed
    """
    __tracebackhide__ = True
    require_function("separable_datasets", separable_datasets)
    try:
        chosen = _letters(separable_datasets())
    except NotImplementedError:
        raise NotAttemptedError("separable_datasets") from None
    right = {letter for letter, separable in QUIZ_ANSWER.items() if separable}
    if chosen == right:
        print(f"separable_datasets: {len(QUIZ_ANSWER)}/{len(QUIZ_ANSWER)} checks passed")
        return
    hints = []
    if chosen - right:  # no expected/got lines and no letters: they would give the answer away
        hints.append(
            "You chose a data set that no straight line separates. Look for points of one colour surrounded "
            "by the other colour, or for a pattern like XOR's, where each colour sits in opposite corners"
        )
    if right - chosen:
        hints.append(
            "You left out a data set that one straight line does separate. The line may be tilted and pass "
            "close to the points; try drawing it with a ruler on the screen"
        )
    raise CheckFailed(f"separable_datasets: not right yet. {'. Also: '.join(hints)}.")


def confirm_separable_datasets(separable_datasets: Callable[[], Iterable[str]]) -> None:
    """After Exercise 2.4 is solved, let the perceptron confirm it; before that, show nothing.

    Training a perceptron on each data set tells which ones it separates, which is the quiz's answer,
    so this prints the runs only once the learner's answer is right (a learner who runs every cell
    does not see the answer before answering).

    Examples
    --------
    >>> confirm_separable_datasets(lambda: {"A", "C"})  # doctest: +ELLIPSIS
    A: separated after 3 epochs; last epoch's mistakes: 0
    ...
    """
    from nnlib.datasets import separability_quiz
    from nnlib.perceptron import Perceptron

    try:
        chosen = _letters(separable_datasets()) if callable(separable_datasets) else None
    except (NotImplementedError, CheckFailed):
        chosen = None
    if chosen != {letter for letter, separable in QUIZ_ANSWER.items() if separable}:
        print(
            "This cell confirms your answer with a perceptron once check_separable_datasets passes. "
            "Before that it would give the answer away, so it shows nothing yet."
        )
        return
    for letter, (X_quiz, y_quiz) in separability_quiz().items():
        model = Perceptron().fit(X_quiz, y_quiz, epochs=100)
        verdict = "separated" if model.converged_ else "never separated"
        print(f"{letter}: {verdict} after {len(model.mistakes_)} epochs; last epoch's mistakes: {model.mistakes_[-1]}")


def check_predicted_training(predicted_training: Callable[[], dict]) -> None:
    """Check ``predicted_training()``, the learner's predictions about three training runs (Exercise 2.5).

    Examples
    --------
    >>> check_predicted_training(
    ...     lambda: {"or_epochs": 4, "or_epochs_lr_0.01": 4, "xor_with_product_converges": True}
    ... )
    predicted_training: 3/3 checks passed
    """
    __tracebackhide__ = True
    trace = (
        "trace it by hand: w = 0 and b = 0 at the start, the four rows in order, an update after every "
        "mistake, epoch after epoch until one whole epoch has no mistake"
    )
    predictions = [
        Prediction(
            "or_epochs",
            "epochs train_perceptron runs on OR with lr = 1",
            4,
            trace,
            mistakes=(
                (
                    3,
                    "close: the last epoch, the one without mistakes, counts too (it is how training "
                    "knows it can stop)",
                ),
            ),
        ),
        Prediction(
            "or_epochs_lr_0.01",
            "epochs on OR with lr = 0.01",
            4,
            "from a zero start every update is lr times the lr = 1 update, so w and b are always scaled "
            "copies of the lr = 1 run: does scaling w and b change any prediction? (section 5)",
        ),
        Prediction(
            "xor_with_product_converges",
            "XOR with a third feature x1 * x2: does training converge?",
            True,
            "with the third feature the four inputs become points in 3-D: (0,0,0), (0,1,0), (1,0,0) and "
            "(1,1,1). Could a flat plane put the middle two on one side and the others on the other?",
        ),
    ]
    check_predictions("predicted_training", predicted_training, predictions)
