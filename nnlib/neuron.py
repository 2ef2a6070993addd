"""The artificial neuron of McCulloch and Pitts: a weighted sum of the inputs, then a step.

A biological neuron collects signals on its dendrites, each synapse making a signal stronger or
weaker, adds them up in the cell body and fires along its axon when the total crosses a threshold.
The artificial neuron keeps exactly that arithmetic::

    z = x1*w1 + x2*w2 + ... + xn*wn + b      (weighted sum; b = -threshold)
    output = 1 if z >= 0 else 0               (step activation)

Introduced in lesson 01 (from the biological neuron to an artificial one).
"""

from __future__ import annotations

from itertools import product

import numpy as np

from nnlib._validation import as_finite_number, as_float_array

__all__ = ["GATE_WEIGHTS", "Neuron", "gate_neuron", "gate_sums", "step", "truth_table", "weighted_sum"]


def weighted_sum(x: np.ndarray, w: np.ndarray, b: float = 0.0) -> float | np.ndarray:
    """Multiply each input by its weight, add them up and add the bias.

    Parameters
    ----------
    x : array_like, shape (n_features,) or (n_samples, n_features)
        One input vector, or a batch of them (one per row).
    w : array_like, shape (n_features,)
        One weight per input.
    b : float, default 0.0
        The bias, minus the neuron's threshold.

    Returns
    -------
    float or ndarray of shape (n_samples,)
        ``x @ w + b``: a single number for one input, one number per row for a batch.

    Raises
    ------
    ValueError
        If ``x`` and ``w`` disagree on the number of inputs, or contain NaN.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> weighted_sum([1, 0, 1], [0.5, -1.0, 2.0], b=-1.0)
    1.5

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    x = as_float_array(x, func="weighted_sum", name="x", ndim=(1, 2))
    w = as_float_array(w, func="weighted_sum", name="w", ndim=(1,))
    b = as_finite_number(b, func="weighted_sum", name="b")
    if x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"weighted_sum: x has {x.shape[-1]} inputs (shape {x.shape}) but w has "
            f"{w.shape[0]} weights (shape {w.shape}); they need one weight per input"
        )
    z = x @ w + b
    return float(z) if z.ndim == 0 else z


def step(z: float | np.ndarray) -> int | np.ndarray:
    """The step (Heaviside) activation: 1 where ``z >= 0``, else 0.

    Parameters
    ----------
    z : float or array_like
        Weighted sums; any shape.

    Returns
    -------
    int or ndarray of int
        1 (fires) or 0 (stays silent), with the shape of ``z``.

    Examples
    --------
    >>> step(0.2), step(-0.2), step(0.0)
    (1, 0, 1)
    >>> step([-1.5, 0.0, 3.0])
    array([0, 1, 1])

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    z = as_float_array(z, func="step", name="z")
    fired = (z >= 0).astype(np.int64)
    return int(fired) if fired.ndim == 0 else fired


class Neuron:
    """A McCulloch-Pitts neuron: fires (1) when the weighted sum of its inputs reaches zero.

    Parameters
    ----------
    w : array_like, shape (n_features,)
        One weight per input.
    b : float, default 0.0
        The bias (minus the threshold).

    Examples
    --------
    >>> and_gate = Neuron([1.0, 1.0], -1.5)
    >>> and_gate([1, 1]), and_gate([1, 0])
    (1, 0)
    >>> and_gate.predict([[0, 0], [0, 1], [1, 0], [1, 1]])
    array([0, 0, 0, 1])

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """

    def __init__(self, w: np.ndarray, b: float = 0.0) -> None:
        self.w = as_float_array(w, func="Neuron", name="w", ndim=(1,))
        self.b = as_finite_number(b, func="Neuron", name="b")

    @property
    def n_inputs(self) -> int:
        """The number of inputs the neuron expects."""
        return self.w.shape[0]

    def predict(self, x: np.ndarray) -> int | np.ndarray:
        """Fire (1) or not (0) for one input vector or for each row of a batch."""
        return step(weighted_sum(x, self.w, self.b))

    __call__ = predict

    def __repr__(self) -> str:
        weights = ", ".join(f"{v:g}" for v in self.w)
        return f"Neuron(w=[{weights}], b={self.b:g})"


#: Weights and bias that turn one neuron into each logic gate (one choice among infinitely many).
GATE_WEIGHTS: dict[str, tuple[tuple[float, ...], float]] = {
    "AND": ((1.0, 1.0), -1.5),
    "OR": ((1.0, 1.0), -0.5),
    "NAND": ((-1.0, -1.0), 1.5),
    "NOR": ((-1.0, -1.0), 0.5),
    "NOT": ((-1.0,), 0.5),
}


def gate_neuron(name: str) -> Neuron:
    """A neuron wired by hand as the logic gate ``name`` (AND, OR, NAND, NOR or NOT).

    Examples
    --------
    >>> gate_neuron("OR").predict([[0, 0], [0, 1], [1, 0], [1, 1]])
    array([0, 1, 1, 1])

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    if not isinstance(name, str):
        raise TypeError(f"gate_neuron: name must be a string such as 'AND', got {type(name).__name__}")
    key = name.upper()
    if key not in GATE_WEIGHTS:
        raise ValueError(f"gate_neuron: unknown gate {name!r}; choose one of {', '.join(GATE_WEIGHTS)}")
    w, b = GATE_WEIGHTS[key]
    return Neuron(w, b)


def gate_sums(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Weighted sums of 0/1 inputs, rounded to 9 decimals so that, e.g., ``0.3 + 0.6 - 0.9`` is exactly 0.

    Decimal weights are not exact in binary, so a sum that is 0 on paper can come out as -1e-16 and
    flip the step. Gates are wired with short decimals, so rounding gives the answer on paper.

    Examples
    --------
    >>> float(np.array([1.0, 1.0]) @ np.array([0.3, 0.6]) - 0.9) < 0
    True
    >>> gate_sums([[1, 1]], [0.3, 0.6], -0.9)
    array([0.])

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    return np.round(np.asarray(weighted_sum(X, w, b)), 9) + 0.0  # + 0.0 turns -0.0 into 0.0


def truth_table(n_inputs: int = 2) -> np.ndarray:
    """Every combination of 0/1 inputs, one per row, in counting order.

    Examples
    --------
    >>> truth_table(2)
    array([[0, 0],
           [0, 1],
           [1, 0],
           [1, 1]])

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, (int, np.integer)):
        raise TypeError(f"truth_table: n_inputs must be an integer, got {type(n_inputs).__name__}")
    if not 1 <= n_inputs <= 10:
        raise ValueError(f"truth_table: n_inputs must be between 1 and 10, got {n_inputs}")
    return np.array(list(product((0, 1), repeat=int(n_inputs))), dtype=np.int64)
