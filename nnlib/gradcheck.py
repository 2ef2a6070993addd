"""Gradient checking: compare a backward pass with slopes measured by nudging each parameter.

A backward pass is easy to get subtly wrong and still "learn a bit". The numerical gradient needs no
calculus: nudge one number by ``h`` each way and measure how the cost changes,

    dC/dθ ≈ (C(θ + h) - C(θ - h)) / (2h)       (central differences: error shrinks like h²)

Compare the two with the relative error ``‖a - n‖ / (‖a‖ + ‖n‖)``: in float64 a correct gradient
gives about 1e-7 or less, a wrong one 1e-2 or more.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnlib._validation import as_finite_number

__all__ = ["GradientRow", "check_network_gradients", "format_gradient_table", "numerical_gradient", "relative_error"]

#: Relative errors below this count as agreement in float64.
TOLERANCE = 1e-6


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """The gradient of ``f()`` with respect to the array ``x`` by central differences.

    ``f`` takes no arguments and reads ``x`` (for example a network's weights), so ``x`` is nudged
    in place, one entry at a time, and restored exactly afterwards.

    Parameters
    ----------
    f : callable
        Returns the cost (a number) for the current contents of ``x``.
    x : ndarray of float
        The numbers to differentiate with respect to; changed only while measuring.
    h : float, default 1e-6
        The nudge.

    Returns
    -------
    ndarray, same shape as ``x``

    Examples
    --------
    >>> w = np.array([3.0, -1.0])
    >>> numerical_gradient(lambda: float(np.sum(w ** 2)), w).round(6)
    array([ 6., -2.])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if not callable(f):
        raise TypeError(f"numerical_gradient: f must be a function returning the cost, got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(
            "numerical_gradient: x must be a float NumPy array that f reads (it is nudged in place), "
            f"got {type(x).__name__}{'' if not isinstance(x, np.ndarray) else ' of dtype ' + str(x.dtype)}"
        )
    h = as_finite_number(h, func="numerical_gradient", name="h")
    if h <= 0:
        raise ValueError(f"numerical_gradient: h must be positive, got {h}")
    grad = np.zeros(x.shape, dtype=np.float64)
    flat, out = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("numerical_gradient: x must be contiguous so that it can be nudged in place")
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        up = float(f())
        flat[i] = saved - h
        down = float(f())
        flat[i] = saved
        out[i] = (up - down) / (2 * h)
    return grad


def relative_error(analytic: np.ndarray, numerical: np.ndarray) -> float:
    """``‖a - n‖ / max(‖a‖ + ‖n‖, 1e-12)``: how far apart two gradients are, relative to their size.

    Norms over all entries, so an entry whose gradient is almost zero cannot make agreeing gradients
    look wrong. 0 means identical; about 1e-7 or less is agreement in float64; 1 means unrelated
    (or one of them is zero).

    Examples
    --------
    >>> relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0]))
    0.0
    >>> round(relative_error(np.array([2.0]), np.array([1.0])), 4)
    0.3333

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numerical, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"relative_error: the gradients have different shapes, {a.shape} and {n.shape}")
    return float(np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-12))


@dataclass(frozen=True)
class GradientRow:
    """One parameter of a gradient check: its largest analytic entry, that entry measured, and the relative error."""

    parameter: str
    analytic: float
    numerical: float
    error: float

    @property
    def ok(self) -> bool:
        return self.error < TOLERANCE


def check_network_gradients(network, X: np.ndarray, y: np.ndarray, loss, h: float = 1e-6) -> list[GradientRow]:
    """Gradient-check every parameter of ``network`` (a :class:`nnlib.network.Network`) on a batch.

    Returns one row per parameter (``W1``, ``b1``, ``W2``, ...) with the entry of largest
    analytic gradient, its numerical estimate, and the relative error of the whole gradient.

    Examples
    --------
    >>> from nnlib.layers import Dense
    >>> from nnlib.network import Network
    >>> net = Network([Dense(3, activation="tanh", input_shape=(2,)), Dense(1, activation="sigmoid")])
    >>> X, y = np.array([[0.0, 1.0], [1.0, 0.5]]), np.array([1.0, 0.0])
    >>> all(row.ok for row in check_network_gradients(net, X, y, "binary_crossentropy"))
    True

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if network.params.dtype != np.float64:
        raise TypeError("check_network_gradients: gradient checking needs float64 parameters (dtype=np.float64)")
    network.loss_and_gradients(X, y, loss)
    analytic = network.grads.copy()
    numerical = numerical_gradient(lambda: network.loss_and_gradients(X, y, loss), network.params, h)
    rows, start, number = [], 0, 0
    for layer in network.layers:
        if not layer.params:
            continue
        number += 1
        for name, p in zip(layer.param_names, layer.params, strict=True):
            stop = start + p.size
            a, n = analytic[start:stop], numerical[start:stop]
            k = int(np.argmax(np.abs(a)))
            short = {"kernel": "W", "bias": "b"}.get(name, name)
            rows.append(GradientRow(f"{short}{number}", float(a[k]), float(n[k]), relative_error(a, n)))
            start = stop
    return rows


def format_gradient_table(rows: list[GradientRow]) -> str:
    """The rows as a text table: ``parameter | analytic | numerical | relative error``.

    Examples
    --------
    >>> print(format_gradient_table([GradientRow("W1", 0.25, 0.25, 3e-10)]))
    parameter |     analytic |    numerical | relative error
    W1        |   0.25000000 |   0.25000000 | 3.0e-10  ok

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    lines = ["parameter |     analytic |    numerical | relative error"]
    for row in rows:
        verdict = "ok" if row.ok else "WRONG"
        lines.append(f"{row.parameter:<9} | {row.analytic:12.8f} | {row.numerical:12.8f} | {row.error:.1e}  {verdict}")
    return "\n".join(lines)
