"""Layers: the building blocks of a network, each with a forward and a backward pass over a batch.

A layer maps a batch ``X`` of shape ``(n_samples, n_in)`` to ``(n_samples, n_out)``. Its backward
pass takes the cost's gradient with respect to its output and returns the gradient with respect to
its input, storing the gradients of its own parameters on the way. Chaining the backward passes from
the last layer to the first is backpropagation.

The names and conventions are Keras's, so that what you learn here carries over:

- ``Dense(units, activation=None, input_shape=None)``: ``X @ kernel + bias`` with the kernel shaped
  ``(n_in, units)`` and the bias ``(units,)``; Glorot-uniform kernel, zero bias; an optional
  activation applied after it.
- ``Activation("relu")`` and the shortcuts ``ReLU()``, ``Sigmoid()``, ``Tanh()``, ``Softmax()``.
- ``Flatten()``: images ``(n_samples, 8, 8)`` to rows ``(n_samples, 64)``.
- ``Conv1D``, ``MaxPooling1D``, ``GlobalAveragePooling1D`` and ``Reshape`` (lesson 08) are defined in
  :mod:`nnlib.convolution` and can be imported from here too.

Every parameter and its gradient are exposed as ``layer.params`` and ``layer.grads`` (same order,
same shapes). :func:`pack_parameters` moves all of a model's parameters into one flat array (and all
gradients into another), leaving each layer holding *views* into them, so an optimizer updates
every weight of a model with a few vectorised operations.

A layer checks its input at the public entry (``layer(X)``): a wrong number of features raises
``Dense(4): expected input with 3 features, got 5``. The inner ``forward``/``backward`` methods
that a training loop calls are unchecked, so friendly errors cost nothing per step.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from nnlib._validation import as_float_array
from nnlib.activations import ACTIVATIONS as _REGISTRY
from nnlib.activations import get_activation
from nnlib.datasets import as_rng

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Dense",
    "Flatten",
    "Layer",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "glorot_uniform",
    "pack_parameters",
]

#: The activation names a layer accepts (``None`` and ``"linear"`` both mean "no activation"); the
#: formulas live in :data:`nnlib.activations.ACTIVATIONS`.
ACTIVATIONS = tuple(_REGISTRY)


def glorot_uniform(
    n_in: int, n_out: int, rng: np.random.Generator, dtype: type = np.float64, shape: tuple[int, ...] | None = None
) -> np.ndarray:
    """Glorot (Xavier) uniform initial weights: ``U(-limit, limit)`` with ``limit = sqrt(6 / (n_in + n_out))``.

    The range keeps the size of the signal roughly the same from layer to layer, forward and backward.
    ``shape`` defaults to ``(n_in, n_out)``; a convolution's kernel passes its own, with its fans.

    Examples
    --------
    >>> W = glorot_uniform(3, 2, np.random.default_rng(0))
    >>> W.shape, bool(np.all(np.abs(W) <= np.sqrt(6 / 5)))
    ((3, 2), True)

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    limit = math.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=shape or (n_in, n_out)).astype(dtype, copy=False)


def _activation_name(activation: object, owner: str) -> str:
    return get_activation(activation, owner).name


def _as_rng(rng: np.random.Generator | int | None, owner: str) -> np.random.Generator:
    return np.random.default_rng(0) if rng is None else as_rng(rng, owner)


class Layer:
    """Base class: a step of a network with ``forward``, ``backward``, and parameters.

    Subclasses create their parameters in :meth:`_create` (name them in ``param_names`` and hand
    them with zero gradients to :meth:`rebind`, which exposes ``params``/``grads``), give the
    shape of their output in :meth:`_output_shape`, and implement :meth:`forward` and
    :meth:`backward` (which raises a clear error if no forward pass came first).

    ``training`` is True while a model trains (``fit``, ``train_on_batch``) and False otherwise,
    for layers that behave differently then (dropout). ``activation`` names the activation a
    layer applies last (``None`` if it applies none).

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    #: The shape of one sample going in and coming out (without the batch dimension), once built.
    input_shape: tuple[int, ...] | None = None
    output_shape: tuple[int, ...] | None = None
    #: The name of the activation the layer applies last, if any (see :data:`nnlib.activations.ACTIVATIONS`).
    activation: str | None = None
    #: For a layer with an activation: the weighted sums (logits) of the last forward pass, and for a
    #: softmax their log-sum-exp per row if the layer keeps it; a loss that pairs with the activation
    #: starts from them.
    logits: np.ndarray | None = None
    logsumexp: np.ndarray | None = None

    def __init__(self, input_shape: Sequence[int] | int | None = None, name: str | None = None) -> None:
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        self.param_names: list[str] = []
        self.built = False
        self.training = False
        self.name = name or type(self).__name__.lower()
        self._declared_input = _shape_tuple(input_shape, repr(self)) if input_shape is not None else None

    # -- building -----------------------------------------------------------------------------
    def build(
        self,
        input_shape: Sequence[int] | int,
        rng: np.random.Generator | int | None = None,
        dtype: type = np.float64,
    ) -> None:
        """Create the layer's parameters for inputs of ``input_shape`` (one sample, no batch axis)."""
        shape = _shape_tuple(input_shape, repr(self))
        if self._declared_input is not None and shape != self._declared_input:
            raise ValueError(f"{self!r}: declared input_shape={self._declared_input}, but it receives {shape}")
        self.input_shape = shape
        self.output_shape = self._output_shape(shape)
        self._create(shape, _as_rng(rng, repr(self)), np.dtype(dtype).type)
        self.built = True

    def _output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        return input_shape

    def _create(self, input_shape: tuple[int, ...], rng: np.random.Generator, dtype: type) -> None:
        """Make the parameters (none by default): set ``param_names`` and call :meth:`rebind`."""

    def rebind(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Hold ``params`` and ``grads`` from now on, in the order of ``param_names``.

        Each parameter becomes the attribute of its name (``kernel``) and its gradient ``d_`` and
        that name (``d_kernel``). :func:`pack_parameters` calls it with views into one flat buffer.
        """
        self.params, self.grads = list(params), list(grads)
        for name, p, g in zip(self.param_names, self.params, self.grads, strict=True):
            setattr(self, name, p)
            setattr(self, f"d_{name}", g)

    # -- the passes -------------------------------------------------------------------------------
    def forward(self, X: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """The output for a batch ``X``; remembers what :meth:`backward` needs. Unchecked."""
        raise NotImplementedError

    def backward(
        self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True
    ) -> np.ndarray | None:  # pragma: no cover - abstract
        """Gradient with respect to the input, from ``grad`` with respect to the output. Unchecked."""
        raise NotImplementedError

    def _require_forward(self, remembered: object) -> None:
        """Raise a clear ``RuntimeError`` when :meth:`backward` comes before any :meth:`forward`."""
        if remembered is None:
            raise RuntimeError(
                f"{self!r}.backward: there is no forward pass to go back through; call forward(X) "
                "(or the model) on a batch first"
            )

    def __call__(self, X: np.ndarray) -> np.ndarray:
        """The checked forward pass: validates ``X``, builds the layer on first use, reports NaN.

        Raises
        ------
        ValueError
            On a wrong number of features (naming the layer and both counts), or NaN/inf in the
            input or produced by the layer.
        """
        X = as_float_array(X, func=repr(self), name="the input")
        if X.ndim < 2:
            raise ValueError(f"{self!r}: expected a batch of shape (n_samples, ...), got shape {X.shape}")
        if not self.built:
            shape = self._declared_input or X.shape[1:]
            self.build(shape, dtype=np.float64 if X.dtype != np.float32 else np.float32)
        self.check_input(X.shape)
        out = self.forward(X.astype(self.dtype, copy=False))
        if not np.all(np.isfinite(out)):
            raise ValueError(f"{self!r}: produced NaN or infinity from a finite input (are the weights finite?)")
        return out

    def check_input(self, shape: tuple[int, ...]) -> None:
        """Raise ``ValueError`` if a batch of ``shape`` does not fit this (built) layer."""
        if tuple(shape[1:]) != self.input_shape:
            expected, got = self.input_shape, tuple(shape[1:])
            if len(expected) == 1 and len(got) == 1:
                raise ValueError(f"{self!r}: expected input with {expected[0]} features, got {got[0]}")
            raise ValueError(f"{self!r}: expected samples of shape {expected}, got {got}")

    @property
    def dtype(self) -> type:
        return self.params[0].dtype.type if self.params else getattr(self, "_dtype", np.float64)

    def count_params(self) -> int:
        """How many numbers the layer learns."""
        return sum(p.size for p in self.params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _shape_tuple(shape: Sequence[int] | int, owner: str) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (int(shape),)
    try:
        result = tuple(int(s) for s in shape)
    except (TypeError, ValueError):
        raise TypeError(f"{owner}: input_shape must be a tuple of positive integers, got {shape!r}") from None
    if not result or any(s < 1 for s in result):
        raise ValueError(f"{owner}: input_shape must be a tuple of positive integers, got {shape!r}")
    return result


class Dense(Layer):
    """A fully connected layer: ``activation(X @ kernel + bias)``.

    Parameters
    ----------
    units : int
        Number of neurons (outputs).
    activation : {None, "linear", "relu", "sigmoid", "tanh", "softmax"}
        Applied after the weighted sums; ``None`` keeps them as they are.
    input_shape : tuple of int, optional
        ``(n_features,)`` of one sample; needed only for a model's first layer (as in Keras).
    seed : int, optional
        Seed for the initial kernel when the layer builds itself on its first call (default 0).
        In a network, the network's generator is used instead.

    Attributes
    ----------
    kernel : ndarray, shape (n_in, units)
    bias : ndarray, shape (units,)
    d_kernel, d_bias : ndarray
        Gradients of the cost with respect to them, filled by :meth:`backward`.

    Examples
    --------
    >>> layer = Dense(2, activation="relu", input_shape=(3,))
    >>> layer(np.ones((4, 3))).shape
    (4, 2)
    >>> layer(np.ones((4, 5)))
    Traceback (most recent call last):
    ...
    ValueError: Dense(2): expected input with 3 features, got 5

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    def __init__(
        self,
        units: int,
        activation: str | None = None,
        input_shape: Sequence[int] | int | None = None,
        seed: int | None = None,
        name: str | None = None,
    ) -> None:
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
            raise ValueError(f"Dense: units must be a positive integer, got {units!r}")
        self.units = int(units)
        self.activation = _activation_name(activation, f"Dense({self.units})")
        if self.units < _REGISTRY[self.activation].min_units:
            raise ValueError(
                f"Dense({self.units}): a {self.activation} over {self.units} unit always gives 1.0, so nothing "
                "could be learned; use Dense(1, activation='sigmoid') for two classes, or one unit per class"
            )
        self.seed = seed
        super().__init__(input_shape, name)
        if self._declared_input is not None and len(self._declared_input) != 1:
            raise ValueError(
                f"{self!r}: input_shape must be (n_features,), got {self._declared_input}; put Flatten() first"
            )
        self._X = self._a = self.logits = self.logsumexp = None

    def __repr__(self) -> str:
        return f"Dense({self.units})"

    def _output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        if len(input_shape) != 1:
            raise ValueError(f"{self!r}: expected samples with one axis of features, got shape {input_shape}")
        return (self.units,)

    def build(self, input_shape, rng=None, dtype=np.float64) -> None:  # noqa: D102 - see Layer.build
        super().build(input_shape, rng if rng is not None else self.seed, dtype)

    def _create(self, input_shape: tuple[int, ...], rng: np.random.Generator, dtype: type) -> None:
        kernel = glorot_uniform(input_shape[0], self.units, rng, dtype)
        bias = np.zeros(self.units, dtype=dtype)
        self.param_names = ["kernel", "bias"]
        self.rebind([kernel, bias], [np.zeros_like(kernel), np.zeros_like(bias)])

    def forward(self, X: np.ndarray) -> np.ndarray:
        """``activation(X @ kernel + bias)`` for a batch; unchecked (``layer(X)`` checks)."""
        z = X @ self.kernel
        z += self.bias
        self._X, self.logits = X, z
        if self.activation == "softmax":  # keep log-sum-exp: a stable cross-entropy needs it
            top = z.max(axis=1, keepdims=True)
            e = z - top
            np.exp(e, out=e)
            total = e.sum(axis=1, keepdims=True)
            e /= total
            self.logsumexp = top + np.log(total)
            self._a = e
        else:
            self._a = _REGISTRY[self.activation].forward(z)
        return self._a

    def backward(
        self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True
    ) -> np.ndarray | None:
        """Fill ``d_kernel`` and ``d_bias``; return the gradient with respect to the input.

        Parameters
        ----------
        grad : ndarray, shape (n_samples, units)
            The cost's gradient with respect to this layer's output (its activations), or with
            respect to its weighted sums ``z`` when ``wrt_logits`` is true (the shortcut a loss
            uses when it already knows ``dC/dz``, such as softmax with cross-entropy).
        need_input_grad : bool, default True
            ``False`` for a network's first layer, whose input gradient nobody uses.

        Raises
        ------
        RuntimeError
            If no forward pass came first.
        """
        self._require_forward(self._X)
        dz = grad if wrt_logits else _REGISTRY[self.activation].backward(self.logits, self._a, grad)
        np.matmul(self._X.T, dz, out=self.d_kernel)
        np.add.reduce(dz, axis=0, out=self.d_bias)  # np.sum without its Python wrapper
        return dz @ self.kernel.T if need_input_grad else None


class Activation(Layer):
    """An activation on its own, as a layer: ``Activation("relu")``.

    Examples
    --------
    >>> Activation("relu")(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    def __init__(self, activation: str, input_shape: Sequence[int] | int | None = None, name: str | None = None):
        self.activation = _activation_name(activation, "Activation")
        super().__init__(input_shape, name or self.activation)
        self.logits = self._a = None

    def __repr__(self) -> str:
        return f"Activation({self.activation!r})"

    def build(self, input_shape, rng=None, dtype=np.float64) -> None:  # noqa: D102 - see Layer.build
        self._dtype = np.dtype(dtype).type
        super().build(input_shape, rng, dtype)

    def _output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        if input_shape[-1] < _REGISTRY[self.activation].min_units:
            raise ValueError(
                f"{self!r}: a {self.activation} over {input_shape[-1]} unit always gives 1.0; it needs at least "
                f"{_REGISTRY[self.activation].min_units} (use sigmoid for a single output)"
            )
        return input_shape

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Apply the activation element by element (softmax: over the last axis)."""
        self.logits = X
        self._a = _REGISTRY[self.activation].forward(X)
        return self._a

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True) -> np.ndarray:
        """The gradient with respect to the input: ``grad`` times the activation's slope."""
        self._require_forward(self._a)
        return grad if wrt_logits else _REGISTRY[self.activation].backward(self.logits, self._a, grad)


class ReLU(Activation):
    """``Activation("relu")``: ``max(0, z)``. Introduced in lesson 05."""

    def __init__(self, input_shape: Sequence[int] | int | None = None, name: str | None = None):
        super().__init__("relu", input_shape, name)


class Sigmoid(Activation):
    """``Activation("sigmoid")``. Introduced in lesson 05."""

    def __init__(self, input_shape: Sequence[int] | int | None = None, name: str | None = None):
        super().__init__("sigmoid", input_shape, name)


class Tanh(Activation):
    """``Activation("tanh")``. Introduced in lesson 05."""

    def __init__(self, input_shape: Sequence[int] | int | None = None, name: str | None = None):
        super().__init__("tanh", input_shape, name)


class Softmax(Activation):
    """``Activation("softmax")``: each row becomes probabilities. Introduced in lesson 05."""

    def __init__(self, input_shape: Sequence[int] | int | None = None, name: str | None = None):
        super().__init__("softmax", input_shape, name)


class Flatten(Layer):
    """Reshape each sample to one row: ``(n_samples, 8, 8)`` becomes ``(n_samples, 64)``.

    Examples
    --------
    >>> Flatten()(np.zeros((2, 8, 8))).shape
    (2, 64)

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    def build(self, input_shape, rng=None, dtype=np.float64) -> None:  # noqa: D102 - see Layer.build
        self._dtype = np.dtype(dtype).type
        super().build(input_shape, rng, dtype)

    def _output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        return (math.prod(input_shape),)

    def forward(self, X: np.ndarray) -> np.ndarray:
        """One row per sample."""
        return X.reshape(X.shape[0], -1)

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True) -> np.ndarray:
        """Back to the input's shape."""
        self._require_forward(self.input_shape)
        return grad.reshape((grad.shape[0], *self.input_shape))


def pack_parameters(layers: Sequence[Layer], dtype: type = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Move every parameter of ``layers`` into one flat array, and every gradient into another.

    Each layer then holds views into the two buffers, so ``params -= lr * grads`` updates every
    weight of the model at once, and the layers see the change. The current values are kept.

    Returns
    -------
    params, grads : ndarray, shape (n_parameters,)

    Examples
    --------
    >>> layers = [Dense(3, input_shape=(2,)), Dense(1)]
    >>> layers[0].build((2,)); layers[1].build((3,))
    >>> params, grads = pack_parameters(layers)
    >>> params.shape, np.shares_memory(params, layers[1].kernel)
    ((13,), True)

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    trainable = [layer for layer in layers if layer.params]
    size = sum(layer.count_params() for layer in trainable)
    params = np.empty(size, dtype=dtype)
    grads = np.zeros(size, dtype=dtype)
    start = 0
    for layer in trainable:
        new_params, new_grads = [], []
        for p in layer.params:
            stop = start + p.size
            params[start:stop] = p.ravel()
            new_params.append(params[start:stop].reshape(p.shape))
            new_grads.append(grads[start:stop].reshape(p.shape))
            start = stop
        layer.rebind(new_params, new_grads)
    return params, grads


# The convolution layers (lesson 08) live in nnlib.convolution, which builds on this module; they are
# re-exported here, on first use, so that ``from nnlib.layers import Conv1D`` works as for Dense (an
# import at the top of either module would be circular).
_CONVOLUTION = ("Conv1D", "GlobalAveragePooling1D", "MaxPooling1D", "Reshape")


def __getattr__(name: str) -> object:
    if name in _CONVOLUTION:
        from nnlib import convolution

        return getattr(convolution, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
