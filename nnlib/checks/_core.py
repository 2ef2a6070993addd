"""The machinery behind every exercise check: run small cases, stop at the first failure, explain it.

A check calls the learner's function on a few small, deterministic cases, ordered so that the first
failure points at one mistake: the shape of the result first, then cases that switch on one term at
a time, then edge cases (large values, batches). On the first failure it raises ``CheckFailed`` (an
``AssertionError``) giving the input, what was expected, what came back and a hint that never gives
the answer away. On success it prints a single line such as ``weighted_sum: 6/6 checks passed``.
An exercise that still raises ``NotImplementedError`` reads as "not attempted yet".
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import inspect
import io
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

NONFINITE = "returned NaN or infinity"


class CheckFailed(AssertionError):
    """An exercise gave a wrong answer (or crashed) on one of its check cases."""

    def _render_traceback_(self) -> list[str]:
        """What Jupyter shows: the message alone, without the check's own code, plus the learner's crash if any."""
        lines = [f"{type(self).__name__}: {self}"]
        cause = self.__cause__
        if cause is not None and cause.__traceback__ is not None:
            lines += ["", "Your function raised this error (most recent call last):"]
            lines += traceback.format_exception(type(cause), cause, cause.__traceback__.tb_next)
        return lines


class NotAttemptedError(CheckFailed):
    """The exercise still holds its ``raise NotImplementedError`` placeholder (or ``None``)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name}: not attempted yet. Write your answer in the exercise cell above "
            "(replace the `raise NotImplementedError(...)` line), run that cell, then run this one again."
        )


@dataclass(frozen=True)
class Case:
    """One check case: call the exercise with ``inputs`` and expect ``expected``.

    Parameters
    ----------
    what : str
        What this case isolates, in a few words ("only the bias is non-zero").
    inputs : mapping
        Keyword arguments for the learner's function (copied before each call).
    expected : number or array_like
        The right answer; compared by shape first, then with ``np.allclose``.
    hint : str
        One line that points at the likely mistake without giving the answer.
    atol, rtol : float
        Tolerances for the comparison.
    mistakes : tuple of (value, hint) pairs
        Typical wrong answers for these inputs, each with a hint that names that mistake; when the
        learner's answer matches one, its hint replaces the general one.
    nonfinite_hint : str, optional
        Replaces ``hint`` when the answer holds NaN or infinity (an overflow, say).
    parts : tuple of str, optional
        When ``expected`` is a tuple that the check assembled from one result (a value and its
        slopes, say), the name of each entry, so a message says "the slope for a is off" rather
        than "the second returned value is off".
    """

    what: str
    inputs: Mapping[str, Any]
    expected: Any
    hint: str
    atol: float = 1e-8
    rtol: float = 1e-6
    mistakes: tuple[tuple[Any, str], ...] = ()
    nonfinite_hint: str | None = None
    parts: tuple[str, ...] = ()


def run_cases(name: str, fn: Callable[..., Any], cases: Sequence[Case]) -> None:
    """Run ``cases`` against the learner's ``fn``; raise on the first failure, print one line on success.

    Parameters
    ----------
    name : str
        The exercise's function name, as the learner sees it.
    fn : callable
        The learner's function.
    cases : sequence of Case
        Ordered from the most basic (shape) to edge cases.

    Raises
    ------
    TypeError
        If ``fn`` is not a function.
    NotAttemptedError
        If ``fn`` raises ``NotImplementedError``.
    CheckFailed
        On the first wrong, wrongly shaped or crashing case.

    Examples
    --------
    >>> run_cases("double", lambda x: 2 * x, [Case("one number", {"x": 2}, 4, "multiply by two")])
    double: 1/1 checks passed
    """
    __tracebackhide__ = True  # IPython and pytest then show the learner only the message
    require_function(name, fn)
    total = len(cases)
    for number, case in enumerate(cases, start=1):
        inputs = copy.deepcopy(dict(case.inputs))
        try:
            got = fn(**inputs)
        except NotImplementedError:
            raise NotAttemptedError(name) from None
        except TypeError as error:
            if _wrong_parameters(fn, inputs):  # renamed or missing parameters: say so, not a generic hint
                expected = ", ".join(inputs)
                raise CheckFailed(
                    f"{name}: the check calls {name}({expected}), but your function's parameters are "
                    f"{_parameters(fn)}. Keep the parameter names given in the exercise: {name}({expected})"
                ) from error
            raise CheckFailed(_report(name, number, total, case, f"raised TypeError: {error}")) from error
        except NameError as error:  # a name from another lesson or an unrun cell: say so, not a generic hint
            missing = getattr(error, "name", None) or str(error)
            hint = (
                f"your function uses {missing}, which this notebook has not defined or imported. Define it "
                "(or run the cell that does), import it, or compute that part yourself"
            )
            case = dataclasses.replace(case, hint=hint)
            raise CheckFailed(_report(name, number, total, case, f"raised NameError: {error}")) from error
        except Exception as error:  # the learner's code crashed: report it with the case that did it
            message = _report(name, number, total, case, f"raised {type(error).__name__}: {error}")
            raise CheckFailed(message) from error
        problem = compare(got, case.expected, atol=case.atol, rtol=case.rtol, parts=case.parts)
        if problem:
            if case.nonfinite_hint and problem == NONFINITE:
                case = dataclasses.replace(case, hint=case.nonfinite_hint)
            for wrong, hint in case.mistakes:
                if compare(got, wrong, atol=case.atol, rtol=case.rtol) is None:
                    case = dataclasses.replace(case, hint=hint)
                    break
            raise CheckFailed(_report(name, number, total, case, problem, got=got))
    print(f"{name}: {total}/{total} checks passed")


def require_function(name: str, fn: object) -> None:
    """Stop with "not attempted" for ``None`` and with a clear ``TypeError`` for anything not callable.

    Examples
    --------
    >>> require_function("sigmoid", 0.5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: check_sigmoid: expected your function sigmoid, got float 0.5. Pass the function itself, ...
    """
    __tracebackhide__ = True
    if fn is None:
        raise NotAttemptedError(name)
    if not callable(fn):
        raise TypeError(
            f"check_{name}: expected your function {name}, got {type(fn).__name__} {fn!r}. "
            f"Pass the function itself, without calling it: check_{name}({name})"
        )


def compare(
    got: Any, expected: Any, *, atol: float = 1e-8, rtol: float = 1e-6, parts: Sequence[str] = ()
) -> str | None:
    """Describe how ``got`` differs from ``expected`` (shape first, then values), or ``None`` if equal.

    ``parts`` names the entries of a tuple ``expected`` (see :class:`Case`); without it they are
    called the first, second, ... returned value.

    Examples
    --------
    >>> compare(np.array([1.0, 2.0]), np.array([1.0, 2.0])) is None
    True
    >>> compare(np.array([1.0, 2.0]), 3.0)
    'returned an array of shape (2,), expected a single number'
    >>> compare((6.0, 3.0), (6.0, -2.0), parts=("the value", "the slope for a"))
    'the slope for a is off (the wrong value)'
    """
    if got is None:
        return "returned None: is there a `return` statement at the end of your function?"
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"returned {type(got).__name__} {format_value(got)}, expected {len(expected)} values (a tuple)"
        for position, (got_part, expected_part) in enumerate(zip(got, expected, strict=True), start=1):
            problem = compare(got_part, expected_part, atol=atol, rtol=rtol)
            if problem:
                if len(parts) == len(expected):
                    return f"{parts[position - 1]} is off ({problem.removeprefix('returned ')})"
                ordinal = ("first", "second", "third", "fourth")[position - 1] if position <= 4 else f"#{position}"
                return f"the {ordinal} returned value is off ({problem.removeprefix('returned ')})"
        return None
    try:
        got_array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"returned {type(got).__name__} {got!r}, expected numbers"
    expected_array = np.asarray(expected, dtype=np.float64)
    if got_array.shape != expected_array.shape:
        if expected_array.ndim == 0:
            return f"returned an array of shape {got_array.shape}, expected a single number"
        return f"returned shape {got_array.shape}, expected shape {expected_array.shape}"
    if not np.all(np.isfinite(got_array)):
        return NONFINITE
    if not np.allclose(got_array, expected_array, rtol=rtol, atol=atol):
        return "returned the wrong value"
    return None


def format_value(value: Any) -> str:
    """Show a value the way a learner would type it: short, rounded, no dtype noise.

    Examples
    --------
    >>> format_value(np.array([1.0, 0.5]))
    '[1, 0.5]'
    >>> format_value((3,))
    '(3,)'
    """
    if isinstance(value, tuple):  # a one-element tuple keeps its comma, as Python writes it: (3,)
        return "(" + ", ".join(format_value(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        value = np.asarray(value)
    if isinstance(value, np.ndarray):
        return np.array2string(
            value, separator=", ", formatter={"float_kind": "{:.8g}".format}, max_line_width=10_000
        ).replace("\n", "")
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return f"{float(value):.8g}"
    return repr(value)


def _parameters(fn: Callable[..., Any]) -> str:
    try:
        return "(" + ", ".join(inspect.signature(fn).parameters) + ")"
    except (TypeError, ValueError):
        return "(unknown)"


def _wrong_parameters(fn: Callable[..., Any], inputs: Mapping[str, Any]) -> bool:
    """True if ``fn`` cannot be called with these keyword arguments at all (names differ)."""
    try:
        inspect.signature(fn).bind(**inputs)
    except TypeError:
        return True
    except ValueError:  # no signature available (a builtin): nothing to say
        return False
    return False


def _report(name: str, number: int, total: int, case: Case, problem: str, got: Any = None) -> str:
    inputs = ", ".join(f"{key} = {format_value(v)}" for key, v in case.inputs.items())
    lines = [
        f"{name}: check {number} of {total} failed ({case.what}): {problem}",
        f"    input:    {inputs}",
        f"    expected: {format_value(case.expected)}",
    ]
    if got is not None:
        lines.append(f"    got:      {format_value(got)}")
    lines.append(f"    hint:     {case.hint}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Prediction:
    """One prediction of a predict-then-verify exercise: a key of the learner's dict and its answer.

    Parameters
    ----------
    key : str
        The key in the dict the learner's function returns.
    what : str
        What is being predicted, in a few words (shown when the prediction is wrong).
    expected : number, bool, str or sequence
        The right prediction. Numbers are compared with ``atol``; strings without case or spaces.
    hint : str
        Points at the idea to think about, for any wrong prediction.
    mistakes : tuple of (value, hint) pairs
        Typical wrong predictions, each with a hint that names that mistake.
    atol : float
        How far off a number may be.
    """

    key: str
    what: str
    expected: Any
    hint: str
    mistakes: tuple[tuple[Any, str], ...] = ()
    atol: float = 1e-9


def _same_prediction(got: Any, want: Any, atol: float) -> bool:
    if isinstance(want, str):
        return isinstance(got, str) and got.strip().lower() == want.lower()
    if isinstance(want, bool):
        return isinstance(got, (bool, np.bool_)) and bool(got) == want
    if isinstance(got, (str, bool, np.bool_)) or got is None:
        return False
    try:
        got_array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    want_array = np.asarray(want, dtype=np.float64)
    return got_array.shape == want_array.shape and bool(np.allclose(got_array, want_array, rtol=0, atol=atol))


class MalformedAnswer(CheckFailed):
    """A prediction that is not in the asked form yet: not a dict, a key missing or extra, a ``...`` left."""


def _form_problem(got: Any, want: Any) -> str | None:
    """Why ``got`` cannot be compared with ``want`` at all (wrong kind or shape), or None."""
    if isinstance(want, str):
        return None if isinstance(got, str) else f"answer with a word, in quotes; got {type(got).__name__} {got!r}"
    if isinstance(want, bool):
        return None if isinstance(got, (bool, np.bool_)) else f"answer True or False; got {got!r}"
    if isinstance(got, (str, bool, np.bool_)):
        return f"answer with a number, not {type(got).__name__} {got!r}"
    try:
        got_array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"answer with a number; got {type(got).__name__} {got!r}"
    want_shape = np.shape(want)
    if got_array.shape != want_shape:
        wanted = "one number" if want_shape == () else f"{want_shape[0]} numbers in a list"
        return f"answer with {wanted}; got {format_value(got)}"
    return None


def _require_well_formed(name: str, answers: Any, predictions: Sequence[Prediction]) -> None:
    """Raise ``MalformedAnswer`` unless ``answers`` is a dict with exactly the asked keys, each of the asked kind."""
    __tracebackhide__ = True
    keys = [p.key for p in predictions]
    if answers is None:
        raise MalformedAnswer(f"{name}: returned None: is there a `return` statement at the end of your function?")
    if not isinstance(answers, Mapping):
        raise MalformedAnswer(f"{name}: return a dict with the keys {keys}; it returned {type(answers).__name__}")
    missing = [key for key in keys if key not in answers]
    if missing:
        raise MalformedAnswer(
            f"{name}: the dict needs the keys {keys}; {', '.join(map(repr, missing))} "
            + ("is" if len(missing) == 1 else "are")
            + " missing"
        )
    extra = [key for key in answers if key not in keys]
    if extra:
        raise MalformedAnswer(
            f"{name}: the dict holds keys that were not asked for: {', '.join(map(repr, extra))}. "
            f"Return exactly the keys {keys}"
        )
    for prediction in predictions:
        if answers[prediction.key] is None or answers[prediction.key] is Ellipsis:
            raise MalformedAnswer(f"{name}: replace the ... of {prediction.key!r} with your prediction")
        problem = _form_problem(answers[prediction.key], prediction.expected)
        if problem:
            raise MalformedAnswer(f"{name}: {prediction.key!r}: {problem}")


def check_predictions(name: str, fn: Callable[[], Mapping[str, Any]], predictions: Sequence[Prediction]) -> None:
    """Grade a predict-then-verify exercise: ``fn()`` returns a dict of predictions, one per key.

    The first wrong prediction stops the check with what was predicted and a hint (never the right
    value, so the verify cell after the check still has something to show). On success it prints
    ``name: N/N checks passed``.

    Examples
    --------
    >>> check_predictions("guess", lambda: {"two": 2}, [Prediction("two", "1 + 1", 2, "count")])
    guess: 1/1 checks passed
    """
    __tracebackhide__ = True
    require_function(name, fn)
    try:
        answers = fn()
    except NotImplementedError:
        raise NotAttemptedError(name) from None
    except Exception as error:
        raise CheckFailed(f"{name}: your function raised {type(error).__name__}: {error}") from error
    _require_well_formed(name, answers, predictions)
    total = len(predictions)
    for number, prediction in enumerate(predictions, start=1):
        got = answers[prediction.key]
        if _same_prediction(got, prediction.expected, prediction.atol):
            continue
        hint = next(
            (text for wrong, text in prediction.mistakes if _same_prediction(got, wrong, prediction.atol)),
            prediction.hint,
        )
        raise CheckFailed(
            "\n".join(
                [
                    f"{name}: prediction {number} of {total} is not right ({prediction.what})",
                    f"    you predicted: {prediction.key} = {format_value(got)}",
                    f"    hint:          {hint}",
                ]
            )
        )
    print(f"{name}: {total}/{total} checks passed")


def predictions_made(predictions: Callable[[], Any], check: Callable[[Callable], None]) -> bool:
    """True once a predict-then-verify exercise holds a well-formed answer; otherwise say why and return False.

    The verify cell after a prediction runs the code that reveals the answer. It opens by one rule in
    every lesson: once the prediction is **well formed** (the dict has exactly the asked keys, each
    holding a value of the asked kind), right or wrong. A learner who runs every cell before
    answering, or whose answer is still incomplete, sees a reminder instead of the answer.

    Parameters
    ----------
    predictions : callable
        The learner's exercise function, which returns the dict of predictions.
    check : callable
        The exercise's check (``check_predicted_gradients``, say); run silently to judge the form.

    Examples
    --------
    >>> from nnlib.checks.lesson07 import check_predicted_gradients
    >>> predictions_made(lambda: {"dL_da": 1.0, "dL_db": 2.0}, check_predicted_gradients)
    True
    >>> predictions_made(lambda: {"dL_da": 1.0}, check_predicted_gradients)  # doctest: +ELLIPSIS
    Your prediction above is not complete yet: ...'dL_db' is missing. This cell shows what really happens...
    False
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            check(predictions)
    except NotAttemptedError:
        print(
            "Make your predictions in the exercise above first (and run its cell): this cell shows what "
            "really happens, so it waits until you have committed to an answer."
        )
        return False
    except MalformedAnswer as problem:
        print(
            f"Your prediction above is not complete yet: {problem}. This cell shows what really happens once "
            "your answer is in the asked form."
        )
        return False
    except TypeError as problem:  # not a function at all: the check's message says what to pass
        print(problem)
        return False
    except CheckFailed:  # a wrong answer is the check's business: the verify cell shows the truth
        return True
    return True
