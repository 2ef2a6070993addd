"""A 1-D convolution written out step by step, as lesson 08 derives it (channels last, as Keras).

A batch of signals ``X`` has shape ``(n_samples, length, channels)``; a kernel has shape
``(kernel_size, channels, filters)``, Keras's layout. Filter ``f`` slides along the signal in steps
of ``strides`` and at output position ``o`` computes

    Y[n, o, f] = sum over j, c of X[n, o * strides + j, c] * kernel[j, c, f]  +  bias[f]

(a cross-correlation: the kernel is not flipped, as in every deep-learning library). Going backwards,
each step is one function:

    dX, d_kernel, d_bias = conv1d_backward(X, kernel, d_out, strides)
    dX = max_pool_backward(X, d_out, pool_size)

:mod:`nnlib.convolution` holds the arithmetic, in Keras's ``Conv1D`` and ``MaxPooling1D`` layers; these
functions call those layers with weights you give them, so that lesson 08's exercises have a
reference with the lesson's signatures, and the lesson and the library compute one and the same
thing.

Introduced in lesson 08 (convolution).
"""

from __future__ import annotations

import numpy as np

from nnlib._validation import as_float_array, as_positive_int
from nnlib.convolution import Conv1D, MaxPooling1D, _same_padding

__all__ = [
    "conv1d_backward",
    "conv1d_forward",
    "max_pool_backward",
    "max_pool_forward",
    "pad_same",
]


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
    return np.pad(X, ((0, 0), _same_padding(X.shape[1], kernel_size, strides), (0, 0)))


def _conv_layer(X: object, kernel: object, strides: object, func: str) -> tuple[np.ndarray, Conv1D]:
    """The checked input and a linear ``Conv1D`` built for it, holding a copy of ``kernel``."""
    X = as_float_array(X, func=func, name="X", ndim=(3,))
    kernel = as_float_array(kernel, func=func, name="kernel", ndim=(3,))
    strides = as_positive_int(strides, func=func, name="strides")
    if kernel.shape[1] != X.shape[2]:
        raise ValueError(
            f"{func}: the kernel is made for {kernel.shape[1]} channels, but X has {X.shape[2]} "
            f"(X is (n_samples, length, channels), kernel is (kernel_size, channels, filters))"
        )
    if kernel.shape[0] > X.shape[1]:
        raise ValueError(f"{func}: a kernel of {kernel.shape[0]} does not fit in signals of length {X.shape[1]}")
    layer = Conv1D(kernel.shape[2], kernel.shape[0], strides=strides)
    layer.build(X.shape[1:])
    layer.kernel[...] = kernel
    return X, layer


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
    X, layer = _conv_layer(X, kernel, strides, "conv1d_forward")
    bias = as_float_array(bias, func="conv1d_forward", name="bias", ndim=(1,))
    if bias.shape != layer.bias.shape:
        raise ValueError(
            f"conv1d_forward: bias must have one number per filter, shape {layer.bias.shape}, got {bias.shape}"
        )
    layer.bias[...] = bias
    return layer.forward(X)


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
    X, layer = _conv_layer(X, kernel, strides, "conv1d_backward")
    layer.forward(X)
    d_out = as_float_array(d_out, func="conv1d_backward", name="d_out", ndim=(3,))
    expected = (X.shape[0], *layer.output_shape)
    if d_out.shape != expected:
        raise ValueError(f"conv1d_backward: d_out must have the output's shape {expected}, got {d_out.shape}")
    dX = layer.backward(d_out, wrt_logits=True)
    return dX, layer.d_kernel.copy(), layer.d_bias.copy()


def _pool_layer(X: object, pool_size: object, func: str) -> tuple[np.ndarray, MaxPooling1D]:
    X = as_float_array(X, func=func, name="X", ndim=(3,))
    pool_size = as_positive_int(pool_size, func=func, name="pool_size")
    if pool_size > X.shape[1]:
        raise ValueError(f"{func}: a pool of {pool_size} does not fit in signals of length {X.shape[1]}")
    layer = MaxPooling1D(pool_size)
    layer.build(X.shape[1:])
    return X, layer


def max_pool_forward(X: np.ndarray, pool_size: int = 2) -> np.ndarray:
    """The largest value of each block of ``pool_size`` positions, per channel (strides = pool_size).

    Examples
    --------
    >>> max_pool_forward(np.array([1.0, 3, 2, 0, 5]).reshape(1, 5, 1))[0, :, 0]
    array([3., 2.])

    Introduced in lesson 08 (convolution).
    """
    X, layer = _pool_layer(X, pool_size, "max_pool_forward")
    return layer.forward(X)


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
    X, layer = _pool_layer(X, pool_size, "max_pool_backward")
    layer.forward(X)
    d_out = as_float_array(d_out, func="max_pool_backward", name="d_out", ndim=(3,))
    expected = (X.shape[0], *layer.output_shape)
    if d_out.shape != expected:
        raise ValueError(f"max_pool_backward: d_out must have the output's shape {expected}, got {d_out.shape}")
    return layer.backward(d_out)
