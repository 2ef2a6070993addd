"""Unit, property and gradient tests of nnlib.activations."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from nnlib import activations as act

ACTIVATIONS = [
    (act.sigmoid, act.sigmoid_derivative),
    (act.tanh, act.tanh_derivative),
    (act.relu, act.relu_derivative),
]
moderate = arrays(np.float64, array_shapes(max_dims=3, max_side=4), elements=st.floats(-30, 30))


def test_sigmoid_known_values():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid(np.log(3.0)) == pytest.approx(0.75)
    assert act.sigmoid_derivative(0.0) == 0.25


def test_sigmoid_is_stable_at_extremes_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = act.sigmoid(np.array([-1000.0, -50.0, 50.0, 1000.0]))
        assert np.all(np.isfinite(out))
        assert out[0] == 0.0 and out[-1] == 1.0
        assert act.sigmoid(-1000.0) == 0.0 and act.sigmoid(1000.0) == 1.0
        assert act.sigmoid_derivative(1000.0) == 0.0


@given(moderate)
def test_shapes_are_preserved(z):
    for f, df in ACTIVATIONS:
        assert np.shape(f(z)) == z.shape and np.shape(df(z)) == z.shape


@given(moderate)
def test_sigmoid_symmetry_and_range(z):
    s = np.asarray(act.sigmoid(z))
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s + np.asarray(act.sigmoid(-z)), 1.0, atol=1e-12)


@pytest.mark.parametrize(("f", "df"), ACTIVATIONS, ids=lambda f: getattr(f, "__name__", ""))
def test_derivatives_match_central_differences(f, df):
    z = np.array([-3.0, -0.7, -0.01, 0.3, 2.5])  # away from ReLU's kink
    h = 1e-6
    numeric = (np.asarray(f(z + h)) - np.asarray(f(z - h))) / (2 * h)
    np.testing.assert_allclose(df(z), numeric, rtol=1e-6, atol=1e-9)


def test_tanh_is_a_rescaled_sigmoid():
    z = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(act.tanh(z), 2 * act.sigmoid(2 * z) - 1, atol=1e-12)


@pytest.mark.parametrize("f", [f for pair in ACTIVATIONS for f in pair], ids=lambda f: f.__name__)
def test_bad_input_names_the_function(f):
    with pytest.raises(ValueError, match=rf"{f.__name__}: z contains NaN"):
        f(np.array([0.0, np.nan]))
    with pytest.raises(TypeError, match=rf"{f.__name__}: z must be numbers"):
        f("0.5")
