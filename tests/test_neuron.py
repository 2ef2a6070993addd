"""Unit and property tests of nnlib.neuron (lesson 01)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib.neuron import GATE_WEIGHTS, Neuron, gate_neuron, step, truth_table, weighted_sum

finite = st.floats(-1e6, 1e6, allow_nan=False)


def test_weighted_sum_by_hand():
    # the runner example of lesson 01: 1*2 + 0*1 + 1*(-1.5) - 0.3
    assert weighted_sum([1, 0, 1], [2.0, 1.0, -1.5], -0.3) == pytest.approx(0.2)
    assert isinstance(weighted_sum([1.0], [2.0]), float)


def test_weighted_sum_batch_gives_one_sum_per_row():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    np.testing.assert_allclose(weighted_sum(X, [2.0, 3.0], 1.0), [3.0, 4.0, 6.0])


@given(arrays(np.float64, st.integers(1, 6), elements=finite), finite)
def test_weighted_sum_with_zero_weights_is_the_bias(x, b):
    assert weighted_sum(x, np.zeros_like(x), b) == b


@given(
    st.integers(2, 5).flatmap(
        lambda n: st.tuples(arrays(np.float64, (4, n), elements=finite), arrays(np.float64, n, elements=finite), finite)
    )
)
def test_weighted_sum_of_a_batch_equals_row_by_row(args):
    X, w, b = args
    rows = [weighted_sum(row, w, b) for row in X]
    np.testing.assert_allclose(weighted_sum(X, w, b), rows, rtol=1e-12, atol=1e-6)


def test_weighted_sum_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match=r"weighted_sum: x has 2 inputs .* w has 3 weights"):
        weighted_sum([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="weighted_sum: x must be numbers"):
        weighted_sum(["a", "b"], [1, 2])
    with pytest.raises(TypeError, match="weighted_sum: b must be a number"):
        weighted_sum([1, 2], [1, 2], b="1")
    with pytest.raises(ValueError, match="weighted_sum: x contains NaN"):
        weighted_sum([np.nan, 1], [1, 2])
    with pytest.raises(ValueError, match="weighted_sum: x is empty"):
        weighted_sum([], [])
    with pytest.raises(ValueError, match="weighted_sum: w must be 1-D"):
        weighted_sum([1, 2], [[1, 2]])


def test_step_fires_at_zero_and_keeps_shape():
    assert (step(0.0), step(1e-12), step(-1e-12)) == (1, 1, 0)
    out = step(np.array([[-1.0, 0.0], [2.0, -3.0]]))
    np.testing.assert_array_equal(out, [[0, 1], [1, 0]])
    assert out.dtype.kind == "i"
    with pytest.raises(ValueError, match="step: z contains NaN"):
        step([0.0, np.nan])


@pytest.mark.parametrize(
    ("gate", "targets"),
    [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("NAND", [1, 1, 1, 0]), ("NOR", [1, 0, 0, 0])],
)
def test_gate_weights_compute_their_gate(gate, targets):
    np.testing.assert_array_equal(gate_neuron(gate)(truth_table(2)), targets)


def test_not_gate_and_gate_names():
    np.testing.assert_array_equal(gate_neuron("not")(truth_table(1)), [1, 0])
    assert set(GATE_WEIGHTS) == {"AND", "OR", "NAND", "NOR", "NOT"}
    with pytest.raises(ValueError, match="gate_neuron: unknown gate 'XOR'"):
        gate_neuron("XOR")


@given(arrays(np.float64, 2, elements=st.floats(-10, 10)), st.floats(-10, 10))
def test_no_single_neuron_computes_xor(w, b):
    assert list(Neuron(w, b)(truth_table(2))) != [0, 1, 1, 0]


def test_neuron_repr_and_input_checks():
    assert repr(Neuron([1, -0.5], 2)) == "Neuron(w=[1, -0.5], b=2)"
    with pytest.raises(ValueError, match="weighted_sum: x has 3 inputs"):
        Neuron([1, 1], 0)([1, 0, 1])


def test_truth_table():
    assert truth_table(3).shape == (8, 3)
    with pytest.raises(ValueError, match="truth_table: n_inputs must be between 1 and 10"):
        truth_table(0)
    with pytest.raises(TypeError, match="truth_table: n_inputs must be an integer"):
        truth_table(2.0)
