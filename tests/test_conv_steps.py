"""Lesson 08's reference steps: they agree with central differences, with the layers, and refuse bad input."""

import numpy as np
import pytest

from nnlib.conv_steps import conv1d_backward, conv1d_forward, max_pool_backward, max_pool_forward, pad_same
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.layers import Conv1D


@pytest.mark.parametrize("strides", [1, 2, 3])
def test_conv1d_backward_agrees_with_central_differences(strides):
    rng = np.random.default_rng(strides)
    X, kernel, bias = rng.normal(size=(2, 10, 3)), rng.normal(size=(3, 3, 4)), rng.normal(size=4)
    d_out = rng.normal(size=conv1d_forward(X, kernel, bias, strides).shape)

    def cost():
        return float(np.sum(conv1d_forward(X, kernel, bias, strides) * d_out))

    for value, grad in zip([X, kernel, bias], conv1d_backward(X, kernel, d_out, strides), strict=True):
        assert relative_error(grad, numerical_gradient(cost, value)) < 1e-7


def test_max_pool_backward_agrees_with_central_differences():
    rng = np.random.default_rng(0)
    X, d_out = rng.normal(size=(2, 9, 3)), rng.normal(size=(2, 3, 3))
    grad = max_pool_backward(X, d_out, 3)
    assert relative_error(grad, numerical_gradient(lambda: float(np.sum(max_pool_forward(X, 3) * d_out)), X)) < 1e-7


def test_same_padding_gives_the_same_numbers_as_the_layer():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3, 11, 2))
    for size, strides in [(4, 1), (5, 2), (3, 3)]:
        layer = Conv1D(3, size, strides=strides, padding="same", seed=2)
        expected = layer(X)
        assert np.allclose(conv1d_forward(pad_same(X, size, strides), layer.kernel, layer.bias, strides), expected)


def test_bad_input_names_the_function_and_what_came_in():
    X = np.zeros((2, 8, 1))
    with pytest.raises(ValueError, match="conv1d_forward: the kernel is made for 2 channels, but X has 1"):
        conv1d_forward(X, np.zeros((3, 2, 1)), np.zeros(1))
    with pytest.raises(ValueError, match="conv1d_forward: X must be 3-D, got a 2-D array of shape"):
        conv1d_forward(np.zeros((8, 1)), np.zeros((3, 1, 1)), np.zeros(1))
    with pytest.raises(ValueError, match="conv1d_forward: bias must have one number per filter"):
        conv1d_forward(X, np.zeros((3, 1, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="conv1d_backward: d_out must have the output's shape"):
        conv1d_backward(X, np.zeros((3, 1, 1)), np.zeros((2, 5, 1)))
    with pytest.raises(ValueError, match="max_pool_backward: a pool of 9 does not fit in signals of length 8"):
        max_pool_backward(X, np.zeros((2, 1, 1)), 9)
    with pytest.raises(TypeError, match="pad_same: kernel_size must be a whole number"):
        pad_same(X, 2.5)
