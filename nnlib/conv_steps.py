"""A 1-D convolution written out step by step, as lesson 08 derives it (channels last, as Keras).

A batch of signals ``X`` has shape ``(n_samples, length, channels)``; a kernel has shape
``(kernel_size, channels, filters)``, Keras's layout. Filter ``f`` slides along the signal in steps
of ``strides`` and at output position ``o`` computes

    Y[n, o, f] = sum over j, c of X[n, o * strides + j, c] * kernel[j, c, f]  +  bias[f]

(a cross-correlation: the kernel is not flipped, as in every deep-learning library). Going backwards,
each step is one function:

    dX, d_kernel, d_bias = conv1d_backward(X, kernel, d_out, strides)
    dX = max_pool_backward(X, d_out, pool_size)

:mod:`nnlib.layers` wraps the same arithmetic in Keras's ``Conv1D`` and ``MaxPooling1D``; this module
keeps every step in sight.

Introduced in lesson 08 (convolution).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nnlib._validation import as_float_array, as_positive_int

__all__ = [
    "conv1d_backward",
    "conv1d_forward",
    "max_pool_backward",
    "max_pool_forward",
    "output_length",
    "pad_same",
]


def output_length(length: int, kernel_size: int, strides: int = 1, padding: str = "valid") -> int:
    """How many positions a filter of ``kernel_size`` visits on a signal of ``length``.

    ``"valid"`` keeps only windows that fit inside the signal: ``(length - kernel_size) // strides + 1``.
    ``"same"`` pads with zeros so that every ``strides``-th position gets an output:
    ``ceil(length / strides)``.

    Examples
    --------
    >>> output_length(40, 5), output_length(40, 5, strides=2), output_length(40, 5, 2, "same")
    (36, 18, 20)

    Introduced in lesson 08 (convolution).
    """
    length = as_positive_int(length, func="output_length", name="length")
    kernel_size = as_positive_int(kernel_size, func="output_length", name="kernel_size")
    strides = as_positive_int(strides, func="output_length", name="strides")
    if padding == "same":
        return math.ceil(length / strides)
    if padding != "valid":
        raise ValueError(f"output_length: padding must be 'valid' or 'same', got {padding!r}")
    if kernel_size > length:
        raise ValueError(f"output_length: a kernel of {kernel_size} does not fit in a signal of {length}")
    return (length - kernel_size) // strides + 1


def pad_same(X: np.ndarray, kernel_size: int, strides: int = 1) -> np.ndarray:
    """Pad a batch of signals with zeros along the length, as Keras's ``padding="same"`` does.

    Just enough zeros are added that a ``"valid"`` convolution of the result has
    ``ceil(length / strides)`` positions; when their number is odd, the extra zero goes at the end.

    Parameters
    ----------
    X : ndarray, shape (n_samples, length, channels)
    kernel_size, strides : int

    Returns
    -------
    ndarray, shape (n_samples, padded_length, channels)

    Examples
    --------
    >>> pad_same(np.ones((1, 4, 1)), kernel_size=4)[0, :, 0]
    array([0., 1., 1., 1., 1., 0., 0.])

    Introduced in lesson 08 (convolution).
    """
    X = as_float_array(X, func="pad_same", name="X", ndim=(3,))
    kernel_size = as_positive_int(kernel_size, func="pad_same", name="kernel_size")
    strides = as_positive_int(strides, func="pad_same", name="strides")
    length = X.shape[1]
    total = max((math.ceil(length / strides) - 1) * strides + kernel_size - length, 0)
    return np.pad(X, ((0, 0), (total // 2, total - total // 2), (0, 0)))


def _windows(X: np.ndarray, kernel_size: int, strides: int) -> np.ndarray:
    """Every window a filter sees, shape (n_samples, out_length, kernel_size, channels); a view, no copy."""
    return sliding_window_view(X, kernel_size, axis=1)[:, ::strides].transpose(0, 1, 3, 2)


def _check_conv(X: object, kernel: object, func: str) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, func=func, name="X", ndim=(3,))
    kernel = as_float_array(kernel, func=func, name="kernel", ndim=(3,))
    if kernel.shape[1] != X.shape[2]:
        raise ValueError(
            f"{func}: the kernel is made for {kernel.shape[1]} channels, but X has {X.shape[2]} "
            f"(X is (n_samples, length, channels), kernel is (kernel_size, channels, filters))"
        )
    if kernel.shape[0] > X.shape[1]:
        raise ValueError(f"{func}: a kernel of {kernel.shape[0]} does not fit in signals of length {X.shape[1]}")
    return X, kernel


def conv1d_forward(X: np.ndarray, kernel: np.ndarray, bias: np.ndarray, strides: int = 1) -> np.ndarray:
    """Slide every filter along every signal of the batch ("valid" padding): one matrix product.

    Parameters
    ----------
    X : ndarray, shape (n_samples, length, channels)
    kernel : ndarray, shape (kernel_size, channels, filters)
    bias : ndarray, shape (filters,)
    strides : int, default 1
        How far the filter moves between two outputs.

    Returns
    -------
    ndarray, shape (n_samples, out_length, filters)
        ``out_length = (length - kernel_size) // strides + 1``.

    Examples
    --------
    >>> signal = np.array([0.0, 0, 1, 0, 0, 0]).reshape(1, 6, 1)
    >>> conv1d_forward(signal, np.array([1.0, 2, 3]).reshape(3, 1, 1), np.zeros(1))[0, :, 0]
    array([3., 2., 1., 0.])

    Introduced in lesson 08 (convolution).
    """
    X, kernel = _check_conv(X, kernel, "conv1d_forward")
    strides = as_positive_int(strides, func="conv1d_forward", name="strides")
    size, channels, filters = kernel.shape
    windows = _windows(X, size, strides)
    n, positions = windows.shape[:2]
    rows = windows.reshape(n * positions, size * channels)  # one row per (sample, position)
    return (rows @ kernel.reshape(size * channels, filters)).reshape(n, positions, filters) + bias


def conv1d_backward(
    X: np.ndarray, kernel: np.ndarray, d_out: np.ndarray, strides: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gradients of a cost with respect to a convolution's input, kernel and bias.

    Parameters
    ----------
    X : ndarray, shape (n_samples, length, channels)
        The layer's input in the forward pass.
    kernel : ndarray, shape (kernel_size, channels, filters)
    d_out : ndarray, shape (n_samples, out_length, filters)
        The cost's gradient with respect to the layer's output.
    strides : int, default 1

    Returns
    -------
    dX : ndarray, shape (n_samples, length, channels)
        Every input position collects a share from every window it was part of (the shares add up).
    d_kernel : ndarray, shape (kernel_size, channels, filters)
        Summed over samples and positions: the same kernel is used at every position.
    d_bias : ndarray, shape (filters,)

    Examples
    --------
    >>> X = np.arange(5.0).reshape(1, 5, 1)
    >>> dX, d_kernel, d_bias = conv1d_backward(X, np.ones((2, 1, 1)), np.ones((1, 4, 1)))
    >>> print(dX[0, :, 0], d_kernel[:, 0, 0], d_bias)
    [1. 2. 2. 2. 1.] [ 6. 10.] [4.]

    Introduced in lesson 08 (convolution).
    """
    X, kernel = _check_conv(X, kernel, "conv1d_backward")
    strides = as_positive_int(strides, func="conv1d_backward", name="strides")
    size, channels, filters = kernel.shape
    windows = _windows(X, size, strides)
    n, positions = windows.shape[:2]
    d_out = as_float_array(d_out, func="conv1d_backward", name="d_out", ndim=(3,))
    if d_out.shape != (n, positions, filters):
        raise ValueError(f"conv1d_backward: d_out must have the output's shape {(n, positions, filters)}, got {d_out.shape}")
    d_rows = d_out.reshape(n * positions, filters)
    d_kernel = (windows.reshape(n * positions, size * channels).T @ d_rows).reshape(size, channels, filters)
    d_bias = d_rows.sum(axis=0)
    d_windows = (d_rows @ kernel.reshape(size * channels, filters).T).reshape(n, positions, size, channels)
    dX = np.zeros_like(X)
    last = strides * (positions - 1) + 1
    for j in range(size):  # one slice per kernel tap (not per sample or position): overlapping windows add up
        dX[:, j : j + last : strides] += d_windows[:, :, j]
    return dX, d_kernel, d_bias


def _pool_windows(X: np.ndarray, pool_size: int, func: str) -> np.ndarray:
    X = as_float_array(X, func=func, name="X", ndim=(3,))
    pool_size = as_positive_int(pool_size, func=func, name="pool_size")
    n, length, channels = X.shape
    if pool_size > length:
        raise ValueError(f"{func}: a pool of {pool_size} does not fit in signals of length {length}")
    positions = length // pool_size
    return X[:, : positions * pool_size].reshape(n, positions, pool_size, channels)


def max_pool_forward(X: np.ndarray, pool_size: int = 2) -> np.ndarray:
    """The largest value of each block of ``pool_size`` positions, per channel (strides = pool_size).

    Examples
    --------
    >>> max_pool_forward(np.array([1.0, 3, 2, 0, 5]).reshape(1, 5, 1))[0, :, 0]
    array([3., 2.])

    Introduced in lesson 08 (convolution).
    """
    return _pool_windows(X, pool_size, "max_pool_forward").max(axis=2)


def max_pool_backward(X: np.ndarray, d_out: np.ndarray, pool_size: int = 2) -> np.ndarray:
    """Route each output's gradient to the position in its block that held the maximum.

    Parameters
    ----------
    X : ndarray, shape (n_samples, length, channels)
        The pooling layer's input in the forward pass.
    d_out : ndarray, shape (n_samples, length // pool_size, channels)
    pool_size : int

    Returns
    -------
    ndarray, shape (n_samples, length, channels)
        Zero everywhere except at each block's maximum (the first one, if two are equal), and at
        positions past the last whole block, which no output saw.

    Examples
    --------
    >>> max_pool_backward(np.array([1.0, 3, 2, 0]).reshape(1, 4, 1), np.array([10.0, 20]).reshape(1, 2, 1))[0, :, 0]
    array([ 0., 10., 20.,  0.])

    Introduced in lesson 08 (convolution).
    """
    windows = _pool_windows(X, pool_size, "max_pool_backward")
    n, positions, size, channels = windows.shape
    d_out = as_float_array(d_out, func="max_pool_backward", name="d_out", ndim=(3,))
    if d_out.shape != (n, positions, channels):
        raise ValueError(f"max_pool_backward: d_out must have the output's shape {(n, positions, channels)}, got {d_out.shape}")
    winner = windows.argmax(axis=2)[:, :, None, :] == np.arange(size)[None, None, :, None]
    dX = np.zeros(np.shape(X))
    dX[:, : positions * size] = (winner * d_out[:, :, None, :]).reshape(n, positions * size, channels)
    return dX
