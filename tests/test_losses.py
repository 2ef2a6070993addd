"""Unit, property and gradient tests of nnlib.losses (lesson 04)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib.losses import mse, mse_derivative, sse, sse_derivative

pairs = st.integers(1, 8).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, n, elements=st.floats(0, 1)), arrays(np.float64, n, elements=st.floats(0, 1))
    )
)


def test_classic_costs_continuing_lesson_03():
    assert sse([0.0], [0.87101915]) == pytest.approx(0.75867436, abs=1e-8)
    np.testing.assert_allclose(sse_derivative([0.0], [0.87101915]), [1.7420383])


@given(pairs)
def test_costs_are_non_negative_and_zero_only_when_exact(pair):
    y, y_hat = pair
    assert sse(y, y_hat) >= 0 and sse(y, y) == 0
    assert mse(y, y_hat) == pytest.approx(sse(y, y_hat) / y.size)


@given(pairs)
def test_derivatives_match_central_differences(pair):
    y, y_hat = pair
    h = 1e-6
    for cost, derivative in [(sse, sse_derivative), (mse, mse_derivative)]:
        numeric = [(cost(y, y_hat + h * e) - cost(y, y_hat - h * e)) / (2 * h) for e in np.eye(y.size)]
        np.testing.assert_allclose(derivative(y, y_hat), numeric, atol=1e-6)


@pytest.mark.parametrize("f", [sse, sse_derivative, mse, mse_derivative], ids=lambda f: f.__name__)
def test_bad_input_names_the_function(f):
    with pytest.raises(ValueError, match=rf"{f.__name__}: y and y_hat must have the same shape.*\(2,\).*\(3,\)"):
        f([1.0, 0.0], [1.0, 0.0, 0.5])
    with pytest.raises(ValueError, match=rf"{f.__name__}: y_hat contains NaN"):
        f([1.0], [np.nan])
    with pytest.raises(TypeError, match=rf"{f.__name__}: y must be numbers"):
        f(["a"], [1.0])
