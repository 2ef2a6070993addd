"""Unit and property tests of nnlib.prediction (lesson 03), with the classic worked example."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib.prediction import (
    CLASSIC_B,
    CLASSIC_W,
    CLASSIC_X,
    CLASSIC_Y,
    angle_between,
    cosine_similarity,
    dot,
    make_prediction,
    predict_class,
)

finite = st.floats(-1e3, 1e3, allow_nan=False)


def test_classic_example_exactly():
    p1 = make_prediction([1.66, 1.56], [1.45, -0.66], 0.0)
    p2 = make_prediction([2, 1.5], [1.45, -0.66], 0.0)
    assert round(p1, 7) == 0.7985731
    assert round(p2, 8) == 0.87101915
    assert predict_class(p1) == 1 == CLASSIC_Y[0]  # right
    assert predict_class(p2) == 1 != CLASSIC_Y[1]  # wrong: motivates lesson 04
    np.testing.assert_array_equal(
        np.round(make_prediction(CLASSIC_X, CLASSIC_W, CLASSIC_B), 8), [0.7985731, 0.87101915]
    )
    assert dot(CLASSIC_X[0], CLASSIC_W) == pytest.approx(1.3774)


def test_dot_similarity_and_angles():
    assert dot([1.0, 2.0], [3.0, -1.0]) == 1.0
    assert cosine_similarity([1.0, 0.0], [0.0, 2.0]) == 0.0
    assert angle_between([1.0, 0.0], [1.0, 1.0]) == 45.0
    assert angle_between([1.0, 0.0], [-3.0, 0.0]) == 180.0
    # the second classic input is closer in direction to w: that is why it scores higher
    assert angle_between(CLASSIC_X[1], CLASSIC_W) < angle_between(CLASSIC_X[0], CLASSIC_W)


@given(arrays(np.float64, st.integers(1, 6), elements=finite), st.floats(0.1, 10))
def test_cosine_ignores_length(u, scale):
    if np.linalg.norm(u) < 1e-6:
        return
    assert cosine_similarity(u, scale * u) == pytest.approx(1.0)
    assert dot(u, u) == pytest.approx(float(np.sum(u**2)))


def test_prediction_shapes_and_stability():
    X = np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = make_prediction(X, [1.0, 1.0], 0.0)
    np.testing.assert_array_equal(p, [1.0, 0.0, 0.5])
    assert isinstance(make_prediction([1.0, 2.0], [0.5, 0.5]), float)


@given(arrays(np.float64, st.integers(1, 10), elements=st.floats(0, 1)))
def test_threshold_at_half_matches_the_sign_of_z(p):
    classes = predict_class(p)
    assert classes.shape == p.shape
    np.testing.assert_array_equal(classes, (p >= 0.5).astype(int))


@given(arrays(np.float64, st.integers(1, 10), elements=st.floats(-30, 30).filter(lambda v: abs(v) > 1e-12)))
def test_thresholded_sigmoid_is_the_step_neuron(z):
    # (for |z| below ~1e-16, sigmoid(z) rounds to exactly 0.5, so the two can differ there)
    from nnlib.activations import sigmoid
    from nnlib.neuron import step

    np.testing.assert_array_equal(predict_class(sigmoid(z)), step(z))


def test_bad_input_names_the_function_and_the_shapes():
    with pytest.raises(ValueError, match=r"make_prediction: x has 3 features \(shape \(3,\)\) but w has 2 weights"):
        make_prediction([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"dot: u has shape \(2,\) but v has shape \(3,\)"):
        dot([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="make_prediction: x contains NaN"):
        make_prediction([np.nan, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="predict_class: p must hold probabilities"):
        predict_class([0.2, 1.5])
    with pytest.raises(ValueError, match="cosine_similarity: a vector of length zero"):
        cosine_similarity([0.0, 0.0], [1.0, 1.0])
    with pytest.raises(TypeError, match="make_prediction: x must be numbers"):
        make_prediction("1, 2", [1.0, 1.0])
