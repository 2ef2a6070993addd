"""Automatic differentiation: record an expression as a graph, then run the chain rule backwards over it.

Every operation on a :class:`Value` (one number) or a :class:`Tensor` (a NumPy array) returns a new
node that remembers its ``inputs`` and how to pass a gradient back to each of them:

- a ``Value`` stores the **local slopes**, ∂(result)/∂(input), as plain numbers;
- a ``Tensor`` stores one **rule** per input, a function from the result's gradient to that input's
  share (a slope would be a huge Jacobian matrix, so it is never built).

``backward()`` visits the graph in reverse :func:`topological_order` (every node after all the nodes
it was computed from, no recursion, so a chain of 100,000 nodes works) and *adds* each node's share
into its inputs' ``grad``: a node used twice collects a gradient from both uses. Broadcasting is undone
by :func:`unbroadcast`, which sums a gradient back to the shape of the input.

Inside ``with no_grad():`` nothing is recorded, which is how parameters are updated::

    loss.backward()
    with no_grad():
        w -= lr * w.grad
    w.zero_grad()

Introduced in lesson 07 (computational graphs and automatic differentiation).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from nnlib.activations import ACTIVATIONS

__all__ = ["Tensor", "Value", "is_grad_enabled", "no_grad", "topological_order", "unbroadcast"]

_recording = True


class no_grad:
    """Context manager: operations inside it build no graph (for updates and evaluation).

    Examples
    --------
    >>> w = Tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     doubled = w * 2
    >>> doubled.requires_grad, doubled.inputs
    (False, ())

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """

    def __enter__(self) -> no_grad:
        global _recording
        self._previous, _recording = _recording, False
        return self

    def __exit__(self, *exc_info: object) -> None:
        global _recording
        _recording = self._previous


def is_grad_enabled() -> bool:
    """``False`` inside ``with no_grad():``, ``True`` otherwise.

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    return _recording


class _Node(Protocol):
    inputs: tuple[Any, ...]


def topological_order(root: _Node) -> list:
    """Every node ``root`` was computed from (and ``root`` itself), each listed after all of its inputs.

    Depth-first search with an explicit stack instead of recursion, so graphs of any depth work.
    Each node appears once, however many times it is used.

    Examples
    --------
    >>> a = Value(2.0, label="a")
    >>> b = a * a
    >>> c = b + a
    >>> [node.label or node.op for node in topological_order(c)]
    ['a', '*', '+']

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))  # comes back to it once every input below is listed
            stack.extend((parent, False) for parent in reversed(node.inputs) if parent not in seen)
    return order


# --- scalars ----------------------------------------------------------------------------------


class Value:
    """One number that remembers how it was computed, micrograd-style.

    Parameters
    ----------
    data : float
        The number.
    inputs : tuple of Value
        The values it was computed from (empty for a number you typed in).
    local_slopes : tuple of float
        One per input: how much ``data`` changes per unit change of that input.
    op : str
        The operation that made it (``"+"``, ``"*"``, ``"exp"``, ...).
    label : str
        A name for figures, e.g. ``"w1"``.

    Attributes
    ----------
    grad : float
        ∂(the value ``backward()`` was called on)/∂(this value), filled by :meth:`backward`.

    Examples
    --------
    >>> w, x = Value(-3.0, label="w"), Value(2.0, label="x")
    >>> loss = (w * x + 1.0) ** 2
    >>> loss.backward()
    >>> loss.data, w.grad, x.grad
    (25.0, -20.0, 30.0)

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """

    def __init__(
        self,
        data: float,
        inputs: Sequence[Value] = (),
        local_slopes: Sequence[float] = (),
        op: str = "",
        label: str = "",
    ) -> None:
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            raise TypeError(f"Value: data must be a number, got {type(data).__name__} {data!r}")
        if not math.isfinite(data):
            raise ValueError(f"Value{f' {op}' if op else ''}: data must be a finite number, got {data}")
        inputs, local_slopes = tuple(inputs), tuple(local_slopes)
        for v in inputs:
            if not isinstance(v, Value):
                raise TypeError(f"Value: inputs must be the Values it was computed from, got {type(v).__name__} {v!r}")
        for slope in local_slopes:
            if isinstance(slope, bool) or not isinstance(slope, numbers.Real):
                raise TypeError(
                    f"Value: local slopes must be plain numbers, got {type(slope).__name__} {slope!r}"
                    + ("; take its .data" if isinstance(slope, Value) else "")
                )
        if len(inputs) != len(local_slopes):
            raise ValueError(
                f"Value: expected one local slope per input, got {len(inputs)} inputs and {len(local_slopes)} slopes"
            )
        self.data = float(data)
        self.grad = 0.0
        self.inputs = inputs if _recording else ()
        self.local_slopes = tuple(float(s) for s in local_slopes) if _recording else ()
        self.op = op
        self.label = label

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _result(data: float, inputs: tuple[Value, ...], slopes: tuple[float, ...], op: str) -> Value:
        """The node for one operation, or a ValueError naming it if it produced NaN or infinity."""
        if isinstance(data, complex) or not math.isfinite(data):
            shown = ", ".join(f"{v.data:g}" for v in inputs)
            raise ValueError(f"{op}: produced {_not_finite(data)} from the input(s) {shown}")
        out = Value.__new__(Value)  # inputs and slopes are ours, already right: no need to check them again
        out.data, out.grad, out.op, out.label = float(data), 0.0, op, ""
        out.inputs = inputs if _recording else ()
        out.local_slopes = tuple(float(s) for s in slopes) if _recording else ()
        return out

    # arithmetic: each line is the operation's value and its local slope with respect to each input
    def __add__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return Value._result(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return Value._result(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return Value._result(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other: Value | float) -> Value:
        other = _as_value(other)
        if other.data == 0:
            raise ValueError(f"/: division by zero ({self.data:g} / 0)")
        slopes = (1 / other.data, -self.data / other.data**2)
        return Value._result(self.data / other.data, (self, other), slopes, "/")

    def __pow__(self, exponent: float) -> Value:
        if isinstance(exponent, Value) or isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"**: the exponent must be a plain number, got {type(exponent).__name__}")
        try:
            data, slope = self.data**exponent, exponent * self.data ** (exponent - 1)
        except (ZeroDivisionError, OverflowError):
            data, slope = math.inf, math.inf
        return Value._result(data, (self,), (slope,), f"**{exponent:g}")

    def __neg__(self) -> Value:
        return Value._result(-self.data, (self,), (-1.0,), "neg")

    def __radd__(self, other: float) -> Value:
        return _as_value(other) + self

    def __rsub__(self, other: float) -> Value:
        return _as_value(other) - self

    def __rmul__(self, other: float) -> Value:
        return _as_value(other) * self

    def __rtruediv__(self, other: float) -> Value:
        return _as_value(other) / self

    def exp(self) -> Value:
        """``e ** self``; its slope is itself."""
        out = math.exp(self.data) if self.data < 709.0 else math.inf
        return Value._result(out, (self,), (out,), "exp")

    def log(self) -> Value:
        """The natural logarithm; needs a positive number."""
        if self.data <= 0:
            result = "-infinity" if self.data == 0 else "NaN"
            raise ValueError(f"log: needs a positive number, got {self.data:g} (the result would be {result})")
        return Value._result(math.log(self.data), (self,), (1 / self.data,), "log")

    def _activation(self, name: str) -> Value:
        """The activation ``name`` of :data:`nnlib.activations.ACTIVATIONS`, with its slope as the local slope."""
        function, z = ACTIVATIONS[name], np.float64(self.data)
        a = function.forward(z)
        return Value._result(float(a), (self,), (float(function.slope(z, a)),), name)

    def relu(self) -> Value:
        """``max(self, 0)``; slope 1 where positive, 0 elsewhere."""
        return self._activation("relu")

    def sigmoid(self) -> Value:
        """``1 / (1 + e ** -self)``, computed without overflow; slope ``s * (1 - s)``."""
        return self._activation("sigmoid")

    def tanh(self) -> Value:
        """The hyperbolic tangent; slope ``1 - t ** 2``."""
        return self._activation("tanh")

    # the backward pass
    def backward(self) -> None:
        """Fill ``grad`` of every value this one was computed from with ∂self/∂(that value).

        Intermediate results start again from 0; the numbers you typed in (the leaves) *add* to
        their ``grad``, so call :meth:`zero_grad` on them between two backward passes.
        """
        order = topological_order(self)
        for node in order:
            if node.inputs:
                node.grad = 0.0
        self.grad += 1.0
        for node in reversed(order):
            for parent, slope in zip(node.inputs, node.local_slopes, strict=True):
                parent.grad += slope * node.grad  # += : a value used twice collects both shares

    def zero_grad(self) -> None:
        """Set ``grad`` back to 0."""
        self.grad = 0.0


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _not_finite(data: Any) -> str:
    if isinstance(data, complex) or np.any(np.isnan(data)):
        return "NaN"
    return "infinity"


# --- arrays -----------------------------------------------------------------------------------


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` back to ``shape``: undo NumPy's broadcasting for a gradient.

    An input that broadcasting repeated (a bias ``(3,)`` added to every row of ``(4, 3)``) was used
    once per copy, so its gradient is the *sum* of the copies' gradients: sum over the axes broadcasting
    added in front, and over the axes where ``shape`` has a 1.

    Examples
    --------
    >>> unbroadcast(np.ones((4, 3)), (3,))
    array([4., 4., 4.])
    >>> unbroadcast(np.ones((4, 3)), (4, 1)).ravel()
    array([3., 3., 3., 3.])

    Raises
    ------
    ValueError
        If ``grad`` could not have come from broadcasting an input of ``shape`` (``(4, 3)`` to
        ``(2,)``, say): summing would hide a bug.

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    if len(shape) > grad.ndim or any(s not in (1, g) for s, g in zip(shape[::-1], grad.shape[::-1], strict=False)):
        raise ValueError(
            f"unbroadcast: a gradient of shape {grad.shape} cannot be summed back to shape {shape}: "
            f"broadcasting {shape} never gives {grad.shape} (each trailing axis must be equal or 1)"
        )
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    stretched = tuple(axis for axis, size in enumerate(shape) if size == 1 and grad.shape[axis] != 1)
    return grad.sum(axis=stretched, keepdims=True) if stretched else grad


Rule = Callable[[np.ndarray], np.ndarray]


class Tensor:
    """A NumPy array that records the operations on it, for reverse-mode automatic differentiation.

    Supports ``+ - * /`` (with broadcasting), ``@``, ``**`` (a number), :meth:`exp`, :meth:`log`,
    :meth:`sum`, :meth:`mean`, :meth:`relu`, :meth:`sigmoid` and :meth:`tanh`; plain numbers and
    arrays mixed in are treated as constants. Data is float64.

    Parameters
    ----------
    data : array_like
        Numbers.
    requires_grad : bool, default False
        ``True`` for the parameters you want gradients of. Results of operations require a gradient
        when one of their inputs does (and they are computed outside :class:`no_grad`).
    label : str
        A name for figures.

    Attributes
    ----------
    grad : ndarray or None
        Same shape as ``data``; filled by :meth:`backward` (``None`` unless ``requires_grad``).
    inputs : tuple of Tensor
        The tensors this one was computed from (only those that require a gradient).
    rules : tuple of callables
        One per input: maps this tensor's gradient to that input's share (before :func:`unbroadcast`).

    Examples
    --------
    >>> W = Tensor([[1.0, -1.0], [2.0, 0.5]], requires_grad=True)
    >>> b = Tensor([0.5, 0.0], requires_grad=True)
    >>> X = Tensor([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]])
    >>> loss = (X @ W + b).relu().mean()
    >>> loss.backward()
    >>> b.grad
    array([0.5       , 0.16666667])

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """

    __array_ufunc__ = None  # makes `array + tensor` call Tensor.__radd__ instead of NumPy's own +

    def __init__(self, data: Any, requires_grad: bool = False, label: str = "") -> None:
        if isinstance(data, Tensor):
            raise TypeError("Tensor: data is already a Tensor; use it directly (or its .data)")
        try:
            array = np.array(data)
        except (TypeError, ValueError):
            raise TypeError(f"Tensor: data must be numbers, got {type(data).__name__} {data!r:.60}") from None
        if array.dtype.kind not in "biuf":  # text such as "3", complex numbers, objects
            raise TypeError(
                f"Tensor: data must be numbers, got {type(data).__name__} {data!r:.60} "
                f"(dtype {array.dtype}; real numbers only)"
            )
        array = array.astype(np.float64)
        if not np.all(np.isfinite(array)):
            raise ValueError(f"Tensor: data contains {_not_finite(array)}; every value must be a finite number")
        self.data = array
        self.requires_grad = bool(requires_grad)
        self.grad = np.zeros_like(array) if self.requires_grad else None
        self.inputs: tuple[Tensor, ...] = ()
        self.rules: tuple[Rule, ...] = ()
        self.op = ""
        self.label = label

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    def item(self) -> float:
        """The single number in a one-element tensor."""
        return self.data.item()

    def __repr__(self) -> str:
        text = np.array2string(self.data, precision=4, separator=", ", threshold=20)
        return f"Tensor({text}{', requires_grad=True' if self.requires_grad else ''})"

    @staticmethod
    def _result(data: np.ndarray, op: str, pairs: Sequence[tuple[Tensor, Rule]]) -> Tensor:
        """The tensor for one operation, linked to the inputs that need a gradient; NaN/inf named."""
        if not np.all(np.isfinite(data)):
            shapes = " and ".join(str(t.shape) for t, _ in pairs)
            raise ValueError(f"{op}: produced {_not_finite(data)} from input(s) of shape {shapes}")
        out = Tensor.__new__(Tensor)
        out.data, out.op, out.label = data, op, ""
        pairs = [(t, rule) for t, rule in pairs if t.requires_grad] if _recording else []
        out.inputs = tuple(t for t, _ in pairs)
        out.rules = tuple(rule for _, rule in pairs)
        out.requires_grad = bool(pairs)
        out.grad = None  # backward() gives intermediate results a gradient
        return out

    def _elementwise(self, other: Any, op: str) -> tuple[Tensor, np.ndarray, np.ndarray]:
        other = other if isinstance(other, Tensor) else Tensor(other)
        try:
            np.broadcast_shapes(self.shape, other.shape)
        except ValueError:
            raise ValueError(
                f"{op}: shapes {self.shape} and {other.shape} do not broadcast (trailing axes must be equal or 1)"
            ) from None
        return other, self.data, other.data

    # arithmetic with broadcasting; each rule is the local slope applied to the result's gradient
    def __add__(self, other: Any) -> Tensor:
        other, a, b = self._elementwise(other, "+")
        return Tensor._result(a + b, "+", [(self, lambda g: g), (other, lambda g: g)])

    def __sub__(self, other: Any) -> Tensor:
        other, a, b = self._elementwise(other, "-")
        return Tensor._result(a - b, "-", [(self, lambda g: g), (other, lambda g: -g)])

    def __mul__(self, other: Any) -> Tensor:
        other, a, b = self._elementwise(other, "*")
        return Tensor._result(a * b, "*", [(self, lambda g: g * b), (other, lambda g: g * a)])

    def __truediv__(self, other: Any) -> Tensor:
        other, a, b = self._elementwise(other, "/")
        with np.errstate(divide="ignore", invalid="ignore"):
            data = a / b
        return Tensor._result(data, "/", [(self, lambda g: g / b), (other, lambda g: -g * a / b**2)])

    def __radd__(self, other: Any) -> Tensor:
        return Tensor(other) + self

    def __rsub__(self, other: Any) -> Tensor:
        return Tensor(other) - self

    def __rmul__(self, other: Any) -> Tensor:
        return Tensor(other) * self

    def __rtruediv__(self, other: Any) -> Tensor:
        return Tensor(other) / self

    def __neg__(self) -> Tensor:
        return Tensor._result(-self.data, "neg", [(self, lambda g: -g)])

    def __pow__(self, exponent: float) -> Tensor:
        if isinstance(exponent, (Tensor, bool)) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"**: the exponent must be a plain number, got {type(exponent).__name__}")
        a = self.data
        with np.errstate(all="ignore"):
            data = a**exponent
        return Tensor._result(data, f"**{exponent:g}", [(self, lambda g: g * exponent * a ** (exponent - 1))])

    def __matmul__(self, other: Any) -> Tensor:
        other = other if isinstance(other, Tensor) else Tensor(other)
        if self.ndim not in (1, 2) or other.ndim not in (1, 2) or self.shape[-1] != other.shape[0]:
            raise ValueError(
                f"@: shapes {self.shape} and {other.shape} do not fit; the left's last axis must equal the "
                "right's first axis, as in (n, k) @ (k, m)"
            )
        A = self.data.reshape(-1, self.shape[-1])  # a row vector (k,) becomes (1, k)
        B = other.data.reshape(other.shape[0], -1)  # a column vector (k,) becomes (k, 1)
        data = self.data @ other.data
        return Tensor._result(
            data,
            "@",
            [
                (self, lambda g: (g.reshape(A.shape[0], B.shape[1]) @ B.T).reshape(self.shape)),
                (other, lambda g: (A.T @ g.reshape(A.shape[0], B.shape[1])).reshape(other.shape)),
            ],
        )

    def __rmatmul__(self, other: Any) -> Tensor:
        return Tensor(other) @ self

    def __isub__(self, other: Any) -> Tensor:
        """In-place ``-=`` for updates: only inside ``with no_grad():`` when this tensor needs a gradient."""
        if _recording and self.requires_grad:
            raise RuntimeError(
                "-=: changing a tensor that requires a gradient in place would corrupt its graph; "
                "update parameters inside `with no_grad():`"
            )
        self.data -= other.data if isinstance(other, Tensor) else np.asarray(other, dtype=np.float64)
        return self

    # element by element
    def exp(self) -> Tensor:
        """``e ** x`` for every entry; its slope is itself."""
        with np.errstate(over="ignore"):
            data = np.exp(self.data)
        return Tensor._result(data, "exp", [(self, lambda g: g * data)])

    def log(self) -> Tensor:
        """The natural logarithm of every entry (they must be positive)."""
        a = self.data
        with np.errstate(all="ignore"):
            data = np.log(a)
        return Tensor._result(data, "log", [(self, lambda g: g / a)])

    def _activation(self, name: str) -> Tensor:
        """The activation ``name`` of :data:`nnlib.activations.ACTIVATIONS`, entry by entry."""
        function, z = ACTIVATIONS[name], self.data
        a = function.forward(z)
        return Tensor._result(a, name, [(self, lambda g: g * function.slope(z, a))])

    def relu(self) -> Tensor:
        """``max(x, 0)`` for every entry; slope 1 where positive, 0 elsewhere."""
        return self._activation("relu")

    def sigmoid(self) -> Tensor:
        """``1 / (1 + e ** -x)``, computed without overflow; slope ``s * (1 - s)``."""
        return self._activation("sigmoid")

    def tanh(self) -> Tensor:
        """The hyperbolic tangent of every entry; slope ``1 - t ** 2``."""
        return self._activation("tanh")

    # reductions
    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (all entries by default); every entry gets the result's gradient."""
        return self._reduce("sum", axis, keepdims)

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (all entries by default); every entry gets the result's gradient / count."""
        return self._reduce("mean", axis, keepdims)

    def _reduce(self, op: str, axis: int | tuple[int, ...] | None, keepdims: bool) -> Tensor:
        try:
            data = np.sum(self.data, axis=axis, keepdims=keepdims)
        except (np.exceptions.AxisError, TypeError) as error:
            message = f"{op}: cannot reduce a tensor of shape {self.shape} over axis={axis!r} ({error})"
            raise ValueError(message) from None
        share = 1.0 if op == "sum" else np.size(data) / self.size  # the mean divides by how many were added
        shape = self.shape

        def rule(g: np.ndarray) -> np.ndarray:
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)  # put back the summed axes, then copy along them
            return np.broadcast_to(g * share, shape)

        return Tensor._result(np.asarray(data * share), op, [(self, rule)])

    # the backward pass
    def backward(self, grad: Any = None) -> None:
        """Fill ``grad`` of every tensor this one was computed from, by reverse-mode accumulation.

        Parameters
        ----------
        grad : array_like, optional
            The gradient to start from, shaped like this tensor. Needed unless the tensor holds a
            single number (a cost), whose gradient with respect to itself is 1.

        Raises
        ------
        ValueError
            If the tensor needs no gradient, holds several numbers and ``grad`` is missing, or
            ``grad`` has another shape.
        """
        if not self.requires_grad:
            raise ValueError(
                "backward: this tensor was not computed from any tensor with requires_grad=True "
                "(or it was computed inside no_grad()), so there is nothing to differentiate"
            )
        if grad is None:
            if self.size != 1:
                raise ValueError(
                    f"backward: this tensor has shape {self.shape}, not a single number; reduce it to one "
                    f"number first (.sum() or .mean()) or pass the gradient to start from, an array of shape "
                    f"{self.shape}: backward(grad)"
                )
            seed = np.ones(self.shape)
        else:
            seed = np.asarray(grad, dtype=np.float64)
            if seed.shape != self.shape:
                raise ValueError(f"backward: grad has shape {seed.shape}, but this tensor has shape {self.shape}")
        order = topological_order(self)
        for node in order:
            if node.inputs:
                node.grad = np.zeros_like(node.data)
        self.grad = self.grad + seed
        for node in reversed(order):
            for parent, rule in zip(node.inputs, node.rules, strict=True):
                parent.grad += unbroadcast(rule(node.grad), parent.shape)

    def zero_grad(self) -> None:
        """Set ``grad`` back to zeros (call it on the parameters after each update)."""
        if self.requires_grad:
            self.grad = np.zeros_like(self.data)
