"""Convolution: one small set of weights shared by every position of a sequence.

A dense layer gives every input position its own weights. A convolution slides one small kernel
along the sequence instead, computing the same weighted sum at each position: a pattern learned at
one place is recognised everywhere, with far fewer weights. The layers follow Keras's names and
conventions, channels last, so a batch of sequences has shape ``(n_samples, length, channels)``:

- ``Conv1D(filters, kernel_size, strides=1, padding="valid", activation=None)``: kernel shaped
  ``(kernel_size, in_channels, filters)``, bias ``(filters,)``, Glorot-uniform kernel, zero bias.
  Like Keras's (and PyTorch's) it is a cross-correlation: the kernel is not flipped.
- ``MaxPooling1D(pool_size=2, strides=None, padding="valid")``: the largest value of each window.
- ``GlobalAveragePooling1D()``: the mean over all positions, one number per channel.
- ``Reshape(target_shape)``: e.g. ``Reshape((40, 1))`` gives 40 numbers a channel axis.

Output lengths follow Keras's formula (:func:`conv_output_length`): ``"valid"`` uses only whole
windows, ``"same"`` pads with zeros so that ``length / strides`` positions (rounded up) come out,
putting the extra zero on the right when the padding is odd, as TensorFlow does.

The passes are vectorised over the batch and the positions: the forward pass views every window
at once (``numpy.lib.stride_tricks.sliding_window_view``) and multiplies them all by the kernel in
one matrix product; the backward pass adds each kernel tap's share back to the input, one strided
slice per tap.

Introduced in lesson 08 (convolution on MNIST-1D).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nnlib._validation import as_positive_int
from nnlib.activations import ACTIVATIONS
from nnlib.layers import Layer, _activation_name, glorot_uniform

__all__ = ["PADDINGS", "Conv1D", "GlobalAveragePooling1D", "MaxPooling1D", "Reshape", "conv_output_length"]

#: The padding modes the layers accept.
PADDINGS = ("valid", "same")


def conv_output_length(input_length: int, filter_size: int, padding: str = "valid", stride: int = 1) -> int:
    """How many positions a window of ``filter_size`` sliding by ``stride`` produces (Keras's formula).

    ``"valid"``: ``(input_length - filter_size) // stride + 1`` (whole windows only; 0 if none fits);
    ``"same"``: ``ceil(input_length / stride)`` (zeros padded around the input).

    Examples
    --------
    >>> conv_output_length(40, 5), conv_output_length(40, 5, "valid", 2), conv_output_length(40, 5, "same", 3)
    (36, 18, 14)

    Introduced in lesson 08 (convolution on MNIST-1D).
    """
    func = "conv_output_length"
    input_length = as_positive_int(input_length, func=func, name="input_length")
    filter_size = as_positive_int(filter_size, func=func, name="filter_size")
    stride = as_positive_int(stride, func=func, name="stride")
    padding = _padding_name(padding, func)
    if padding == "same":
        return -(-input_length // stride)
    return (input_length - filter_size) // stride + 1 if filter_size <= input_length else 0


def _padding_name(padding: object, owner: str) -> str:
    if not isinstance(padding, str) or padding.lower() not in PADDINGS:
        raise ValueError(f"{owner}: padding must be 'valid' or 'same', got {padding!r}")
    return padding.lower()


def _size(value: object, owner: str, name: str) -> int:
    """A positive int, also from Keras's one-element tuple spelling ``kernel_size=(5,)``."""
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    return as_positive_int(value, func=owner, name=name)


def _same_padding(length: int, window: int, stride: int) -> tuple[int, int]:
    """Zeros to add (left, right) for ``"same"``: as TensorFlow, the odd one goes on the right."""
    out = -(-length // stride)
    total = max((out - 1) * stride + window - length, 0)
    return total // 2, total - total // 2


class _Layer1D(Layer):
    """A layer over sequences ``(n_samples, length, channels)`` that slides a window of ``self.window``."""

    window = 1
    strides = 1
    padding = "valid"

    def _check_sample_shape(self, shape: tuple[int, ...]) -> None:
        if len(shape) != 2:
            fix = f"; add a channel axis first with Reshape(({shape[0]}, 1))" if len(shape) == 1 else ""
            raise ValueError(
                f"{self!r}: expected input of shape (batch, length, channels), got samples of shape {shape}{fix}"
            )
        if self.padding == "valid" and self.window > shape[0]:
            raise ValueError(
                f"{self!r}: the window ({self.window} positions) is longer than the input ({shape[0]} positions, "
                f"samples of shape {shape}); use a shorter window or padding='same'"
            )

    def check_input(self, shape: tuple[int, ...]) -> None:
        """Raise ``ValueError`` naming the layer, the expected and the received shape."""
        got = tuple(shape[1:])
        if got == self.input_shape:
            return
        length, channels = self.input_shape
        fault = f": {got[1]} channels instead of {channels}" if len(got) == 2 and got[0] == length else ""
        raise ValueError(
            f"{self!r}: expected input of shape (batch, {length}, {channels}) "
            f"({length} positions, {channels} channel{'s' * (channels != 1)}), got shape {tuple(shape)}{fault}"
        )

    def _output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        self._check_sample_shape(input_shape)
        return (
            conv_output_length(input_shape[0], self.window, self.padding, self.strides),
            self._channels_out(input_shape),
        )

    def _channels_out(self, input_shape: tuple[int, ...]) -> int:
        return input_shape[1]

    def _padded(self, X: np.ndarray, fill: float) -> np.ndarray:
        """``X`` with the ``"same"`` padding along the positions (``X`` itself for ``"valid"``)."""
        left, right = self._pads
        if not (left or right):
            return X
        Xp = np.full((X.shape[0], X.shape[1] + left + right, X.shape[2]), fill, dtype=X.dtype)
        Xp[:, left : left + X.shape[1]] = X
        return Xp

    def _windows(self, Xp: np.ndarray) -> np.ndarray:
        """Every window at once, without copying: shape ``(n_samples, out_length, channels, window)``."""
        return sliding_window_view(Xp, self.window, axis=1)[:, :: self.strides]

    def _scatter_taps(self, part_of_tap: Callable[[int], np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
        """Add ``part_of_tap(tap)[:, o]`` back to position ``o * strides + tap`` of the input, one slice per tap.

        The transpose of :meth:`_windows`: each input position receives what every window that
        contains it sent back. ``shape`` is the output's ``(n_samples, out_length, ...)``; returns
        the gradient for the unpadded input.
        """
        length, channels = self.input_shape
        left, right = self._pads
        grad = np.zeros((shape[0], length + left + right, channels), dtype=self.dtype)
        stop = self.strides * (shape[1] - 1) + 1
        for tap in range(self.window):
            grad[:, tap : tap + stop : self.strides] += part_of_tap(tap)
        return grad[:, left : left + length] if left or right else grad

    def build(self, input_shape, rng=None, dtype=np.float64) -> None:  # noqa: D102 - see Layer.build
        self._dtype = np.dtype(dtype).type
        super().build(input_shape, rng, dtype)
        length = self.input_shape[0]
        self._pads = _same_padding(length, self.window, self.strides) if self.padding == "same" else (0, 0)


class Conv1D(_Layer1D):
    """A 1-D convolution: the same ``kernel_size``-wide weighted sum at every position, for each filter.

    ``out[n, o, f] = activation(sum over k, c of X_padded[n, o * strides + k, c] * kernel[k, c, f] + bias[f])``

    Parameters
    ----------
    filters : int
        Number of kernels, i.e. output channels.
    kernel_size : int
        Width of each kernel, in positions.
    strides : int, default 1
        How far the kernel moves between outputs.
    padding : {"valid", "same"}, default "valid"
        ``"valid"``: whole windows only; ``"same"``: zeros around the input, ``ceil(length / strides)``
        outputs.
    activation : {None, "linear", "relu", "sigmoid", "tanh", "softmax"}
        As for ``Dense``; softmax runs over the channels.
    input_shape : tuple of int, optional
        ``(length, channels)`` of one sample; needed only for a model's first layer.
    seed : int, optional
        Seed for the initial kernel when the layer builds itself on its first call (default 0).
    name : str, optional
        Default ``"conv1d"`` (a model makes names unique).

    Attributes
    ----------
    kernel : ndarray, shape (kernel_size, in_channels, filters)
    bias : ndarray, shape (filters,)
    d_kernel, d_bias : ndarray
        Gradients of the cost with respect to them, filled by :meth:`backward`.

    Examples
    --------
    >>> layer = Conv1D(8, 3, activation="relu", input_shape=(40, 1))
    >>> layer(np.ones((2, 40, 1))).shape, layer.kernel.shape, layer.count_params()
    ((2, 38, 8), (3, 1, 8), 32)
    >>> layer(np.ones((2, 40)))
    Traceback (most recent call last):
    ...
    ValueError: Conv1D(8, 3): expected input of shape (batch, 40, 1) (40 positions, 1 channel), got shape (2, 40)

    Introduced in lesson 08 (convolution on MNIST-1D).
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int,
        strides: int = 1,
        padding: str = "valid",
        activation: str | None = None,
        input_shape: Sequence[int] | int | None = None,
        seed: int | None = None,
        name: str | None = None,
    ) -> None:
        self.filters = as_positive_int(filters, func="Conv1D", name="filters")
        self.kernel_size = self.window = _size(kernel_size, "Conv1D", "kernel_size")
        self.strides = _size(strides, "Conv1D", "strides")
        self.padding = _padding_name(padding, "Conv1D")
        self.activation = _activation_name(activation, repr(self))
        if self.filters < ACTIVATIONS[self.activation].min_units:
            raise ValueError(
                f"{self!r}: a {self.activation} over {self.filters} channel always gives 1.0, so nothing could be "
                "learned; use more filters"
            )
        self.seed = seed
        super().__init__(input_shape, name or "conv1d")
        if self._declared_input is not None:
            self._check_sample_shape(self._declared_input)
        self._cols = self._a = self.logits = None

    def __repr__(self) -> str:
        extra = (f", strides={self.strides}" if self.strides != 1 else "") + (
            f", padding={self.padding!r}" if self.padding != "valid" else ""
        )
        return f"Conv1D({self.filters}, {self.kernel_size}{extra})"

    def _channels_out(self, input_shape: tuple[int, ...]) -> int:
        return self.filters

    def build(self, input_shape, rng=None, dtype=np.float64) -> None:  # noqa: D102 - see Layer.build
        super().build(input_shape, rng if rng is not None else self.seed, dtype)

    def _create(self, input_shape: tuple[int, ...], rng: np.random.Generator, dtype: type) -> None:
        k, channels = self.kernel_size, input_shape[1]
        kernel = glorot_uniform(k * channels, k * self.filters, rng, dtype, shape=(k, channels, self.filters))
        bias = np.zeros(self.filters, dtype=dtype)
        self.param_names = ["kernel", "bias"]
        self.rebind([kernel, bias], [np.zeros_like(kernel), np.zeros_like(bias)])

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The convolution of a batch ``(n, length, channels)``; unchecked (``layer(X)`` checks)."""
        n = X.shape[0]
        windows = self._windows(self._padded(X, 0.0))  # (n, out, channels, k), a view
        out = windows.shape[1]
        # one row per (sample, position): the window's numbers tap by tap, as the kernel stores them
        self._cols = windows.transpose(0, 1, 3, 2).reshape(n * out, -1)
        z = self._cols @ self.kernel.reshape(-1, self.filters)
        z += self.bias
        self.logits = z = z.reshape(n, out, self.filters)
        self._a = ACTIVATIONS[self.activation].forward(z)
        return self._a

    def backward(
        self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True
    ) -> np.ndarray | None:
        """Fill ``d_kernel`` and ``d_bias``; return the gradient with respect to the input.

        Parameters
        ----------
        grad : ndarray, shape (n_samples, out_length, filters)
            The cost's gradient with respect to this layer's output (with respect to its weighted
            sums when ``wrt_logits`` is true).
        need_input_grad : bool, default True
            ``False`` for a network's first layer, whose input gradient nobody uses.

        Raises
        ------
        RuntimeError
            If no forward pass came first.
        """
        self._require_forward(self._cols)
        dz = grad if wrt_logits else ACTIVATIONS[self.activation].backward(self.logits, self._a, grad)
        n, out = dz.shape[0], dz.shape[1]
        dz = dz.reshape(n * out, self.filters)
        self.d_kernel[...] = (self._cols.T @ dz).reshape(self.d_kernel.shape)
        np.add.reduce(dz, axis=0, out=self.d_bias)
        if not need_input_grad:
            return None
        # each window's share of the gradient, tap by tap: (n, out, k, channels)
        parts = (dz @ self.kernel.reshape(-1, self.filters).T).reshape(n, out, self.kernel_size, -1)
        return self._scatter_taps(lambda tap: parts[:, :, tap], parts.shape)


class MaxPooling1D(_Layer1D):
    """The largest value of each window of ``pool_size`` positions, channel by channel.

    The backward pass sends each output's gradient to the position that held the maximum (the
    first one, if several tie, as TensorFlow and PyTorch do); every other position gets 0.

    Parameters
    ----------
    pool_size : int, default 2
    strides : int, optional
        Default: ``pool_size`` (windows side by side, no overlap).
    padding : {"valid", "same"}, default "valid"
        ``"same"`` pads with -infinity, so padding never wins a window.

    Examples
    --------
    >>> X = np.array([[[1.0], [3.0], [2.0], [0.0], [5.0]]])
    >>> MaxPooling1D()(X)[0, :, 0], MaxPooling1D(padding="same")(X)[0, :, 0]
    (array([3., 2.]), array([3., 2., 5.]))

    Introduced in lesson 08 (convolution on MNIST-1D).
    """

    def __init__(
        self,
        pool_size: int = 2,
        strides: int | None = None,
        padding: str = "valid",
        input_shape: Sequence[int] | int | None = None,
        name: str | None = None,
    ) -> None:
        self.pool_size = self.window = _size(pool_size, "MaxPooling1D", "pool_size")
        self.strides = self.pool_size if strides is None else _size(strides, "MaxPooling1D", "strides")
        self.padding = _padding_name(padding, "MaxPooling1D")
        super().__init__(input_shape, name or "max_pooling1d")
        if self._declared_input is not None:
            self._check_sample_shape(self._declared_input)
        self._where = None

    def __repr__(self) -> str:
        extra = (f", strides={self.strides}" if self.strides != self.pool_size else "") + (
            f", padding={self.padding!r}" if self.padding != "valid" else ""
        )
        return f"MaxPooling1D({self.pool_size}{extra})"

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The maximum of each window; remembers which tap held it for :meth:`backward`."""
        windows = self._windows(self._padded(X, -np.inf))  # (n, out, channels, pool_size)
        # tap by tap over whole arrays (pool_size is small); a strict > keeps the first of equal maxima
        top = windows[..., 0].copy()
        self._where = np.zeros(top.shape, dtype=np.intp)
        for tap in range(1, self.pool_size):
            value = windows[..., tap]
            np.copyto(self._where, tap, where=value > top)
            np.maximum(top, value, out=top)
        return top

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True) -> np.ndarray:
        """Each output's gradient, routed to the position of its window's maximum."""
        self._require_forward(self._where)
        return self._scatter_taps(lambda tap: grad * (self._where == tap), grad.shape)


class GlobalAveragePooling1D(_Layer1D):
    """The mean over all positions: ``(n_samples, length, channels)`` becomes ``(n_samples, channels)``.

    Examples
    --------
    >>> GlobalAveragePooling1D()(np.arange(6.0).reshape(1, 3, 2))
    array([[2., 3.]])

    Introduced in lesson 08 (convolution on MNIST-1D).
    """

    def __init__(self, input_shape: Sequence[int] | int | None = None, name: str | None = None) -> None:
        super().__init__(input_shape, name or "global_average_pooling1d")
        if self._declared_input is not None:
            self._check_sample_shape(self._declared_input)

    def _output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        self._check_sample_shape(input_shape)
        return (input_shape[1],)

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The mean of each channel over the positions."""
        return X.mean(axis=1)

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True) -> np.ndarray:
        """Every position gets an equal share, ``grad / length``."""
        self._require_forward(self.input_shape)
        length = self.input_shape[0]
        return np.repeat(grad[:, None, :] / length, length, axis=1)


class Reshape(Layer):
    """Give each sample a new shape with the same numbers, e.g. ``Reshape((40, 1))`` adds a channel axis.

    One entry of ``target_shape`` may be ``-1``: it is worked out from the others, as in Keras.

    Examples
    --------
    >>> Reshape((40, 1))(np.zeros((2, 40))).shape
    (2, 40, 1)
    >>> Reshape((-1, 2))(np.zeros((2, 40))).shape
    (2, 20, 2)

    Introduced in lesson 08 (convolution on MNIST-1D).
    """

    def __init__(
        self, target_shape: Sequence[int], input_shape: Sequence[int] | int | None = None, name: str | None = None
    ) -> None:
        if isinstance(target_shape, (int, np.integer)) and not isinstance(target_shape, bool):
            target_shape = (target_shape,)
        try:
            if isinstance(target_shape, str):
                raise TypeError
            shape = tuple(int(s) for s in target_shape)
        except (TypeError, ValueError):
            raise TypeError(
                f"Reshape: target_shape must be a tuple of integers such as (40, 1), got {target_shape!r}"
            ) from None
        if not shape or any(s == 0 or s < -1 for s in shape) or shape.count(-1) > 1:
            raise ValueError(
                f"Reshape: target_shape must hold positive integers (and at most one -1), got {target_shape!r}"
            )
        self.target_shape = shape
        super().__init__(input_shape, name or "reshape")
        if self._declared_input is not None:
            self._output_shape(self._declared_input)

    def __repr__(self) -> str:
        return f"Reshape({self.target_shape})"

    def build(self, input_shape, rng=None, dtype=np.float64) -> None:  # noqa: D102 - see Layer.build
        self._dtype = np.dtype(dtype).type
        super().build(input_shape, rng, dtype)

    def _output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        size, known = math.prod(input_shape), math.prod(s for s in self.target_shape if s != -1)
        shape = tuple(size // known if s == -1 else s for s in self.target_shape)
        if math.prod(shape) != size or (-1 in self.target_shape and size % known):
            raise ValueError(
                f"{self!r}: cannot arrange samples of shape {input_shape} ({size} numbers) "
                f"as {self.target_shape} ({known} numbers{' times a whole number' * (-1 in self.target_shape)})"
            )
        return shape

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The same numbers, each sample in ``target_shape``."""
        return X.reshape((X.shape[0], *self.output_shape))

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True) -> np.ndarray:
        """Back to the input's shape."""
        self._require_forward(self.input_shape)
        return grad.reshape((grad.shape[0], *self.input_shape))
