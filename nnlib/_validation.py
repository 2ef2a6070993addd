"""Input checking shared by every nnlib function, so bad input always fails the same clear way."""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(value: object, *, func: str, name: str, ndim: tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise an error that names ``func`` and ``name``.

    Parameters
    ----------
    value : array_like
        Numbers: a Python number, a (nested) list of numbers or a NumPy array.
    func : str
        The public function being called, used in error messages.
    name : str
        The argument's name, used in error messages.
    ndim : tuple of int, optional
        The numbers of dimensions that are allowed, e.g. ``(1, 2)``.

    Raises
    ------
    TypeError
        If ``value`` holds something other than numbers (strings, None, objects).
    ValueError
        If ``value`` is empty, has the wrong number of dimensions, or contains NaN or infinity.

    Examples
    --------
    >>> as_float_array([1, 2], func="weighted_sum", name="x")
    array([1., 2.])
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{func}: {name} must be numbers, got {type(value).__name__} {value!r}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{func}: {name} must be a rectangular array of numbers ({error})") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{func}: {name} must be numbers, got an array of dtype {array.dtype} (for example {_first(array)!r})"
        )
    if ndim is not None and array.ndim not in ndim:
        wanted = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{func}: {name} must be {wanted}, got a {array.ndim}-D array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{func}: {name} is empty (shape {array.shape}); it needs at least one number")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        bad = "NaN" if np.isnan(array).any() else "infinity"
        raise ValueError(f"{func}: {name} contains {bad}; every value must be a finite number")
    return array


def as_finite_number(value: object, *, func: str, name: str) -> float:
    """Return ``value`` as a finite Python float, or raise a clear ``TypeError``/``ValueError``.

    Examples
    --------
    >>> as_finite_number(0.5, func="step", name="threshold")
    0.5
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise TypeError(f"{func}: {name} must be a number, got {type(value).__name__} {value!r}")
    array = np.asarray(value, dtype=np.float64)
    if array.shape not in ((), (1,)):
        raise ValueError(f"{func}: {name} must be a single number, got shape {array.shape}")
    number = float(array.reshape(-1)[0])
    if not np.isfinite(number):
        raise ValueError(f"{func}: {name} must be a finite number, got {number}")
    return number


def as_positive_int(value: object, *, func: str, name: str, minimum: int = 1) -> int:
    """Return ``value`` as a Python int of at least ``minimum``, or raise a clear ``TypeError``/``ValueError``.

    Examples
    --------
    >>> as_positive_int(3, func="train", name="epochs")
    3
    >>> as_positive_int(2.5, func="train", name="epochs")
    Traceback (most recent call last):
    ...
    TypeError: train: epochs must be a whole number, got float 2.5
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{func}: {name} must be a whole number, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{func}: {name} must be at least {minimum}, got {value}")
    return int(value)


def as_number_in(
    value: object,
    *,
    func: str,
    name: str,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float within the given bounds, or raise a clear error.

    ``low_open``/``high_open`` exclude the bound itself: ``rho`` lies in ``[0, 1)``, a learning rate
    in ``(0, inf)``.

    Examples
    --------
    >>> as_number_in(0.9, func="RMSprop", name="rho", low=0, high=1, high_open=True)
    0.9
    >>> as_number_in(1.0, func="RMSprop", name="rho", low=0, high=1, high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: RMSprop: rho must be a finite number in [0, 1), got 1.0
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        raise TypeError(f"{func}: {name} must be a number, got {type(value).__name__} {value!r}")
    number = float(value)
    too_low = low is not None and (number < low or (low_open and number == low))
    too_high = high is not None and (number > high or (high_open and number == high))
    if not np.isfinite(number) or too_low or too_high:
        left = "(" if low_open or low is None else "["
        right = ")" if high_open or high is None else "]"
        interval = f"{left}{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}{right}"
        raise ValueError(f"{func}: {name} must be a finite number in {interval}, got {number}")
    return number


def as_learning_rate(value: object, *, func: str, name: str = "lr") -> float:
    """A learning rate: a finite number above 0 (0 never learns; a negative one climbs the cost).

    Examples
    --------
    >>> as_learning_rate(-0.1, func="train")
    Traceback (most recent call last):
    ...
    ValueError: train: the learning rate lr must be positive, got -0.1
    """
    rate = as_finite_number(value, func=func, name=name)
    if rate <= 0:
        raise ValueError(f"{func}: the learning rate {name} must be positive, got {rate:g}")
    return rate


def as_batch(value: object, *, func: str, name: str = "X", dtype: type = np.float64) -> np.ndarray:
    """A batch ``(n_samples, ...)`` of finite numbers as a contiguous array of ``dtype``, checked once.

    Unlike :func:`as_float_array` it converts straight to ``dtype`` (float32 data is never widened
    to float64 on the way).

    Examples
    --------
    >>> as_batch([[1, 2]], func="predict", dtype=np.float32)
    array([[1., 2.]], dtype=float32)
    >>> as_batch([1, 2], func="predict")
    Traceback (most recent call last):
    ...
    ValueError: predict: expected a batch X of shape (n_samples, ...), got shape (2,)
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{func}: {name} must be an array of numbers, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{func}: {name} must be a rectangular array of numbers ({error})") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{func}: {name} must be numbers, got an array of dtype {array.dtype}")
    if array.ndim < 2 or array.shape[0] == 0:
        raise ValueError(f"{func}: expected a batch {name} of shape (n_samples, ...), got shape {array.shape}")
    array = np.ascontiguousarray(array, dtype=dtype)
    if not all_finite(array):
        raise ValueError(f"{func}: {name} contains NaN or infinity; every value must be a finite number")
    return array


def all_finite(array: np.ndarray) -> bool:
    """True if every entry of a float array is finite; one pass and no temporary array for big data.

    The sum of finite numbers is finite unless it overflows, and NaN or infinity anywhere makes it
    NaN or infinite; only then are the entries looked at one by one.

    Examples
    --------
    >>> all_finite(np.array([1.0, 2.0])), all_finite(np.array([1.0, np.nan])), all_finite(np.array([3e38, 3e38]))
    (True, False, True)
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(array.sum()):
            return True
    return bool(np.isfinite(array).all())


def _first(array: np.ndarray) -> object:
    return array.reshape(-1)[0] if array.size else None
