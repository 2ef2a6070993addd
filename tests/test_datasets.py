"""Unit and property tests of nnlib.datasets (lesson 02)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.datasets import (
    GATE_TARGETS,
    logic_gate,
    make_ring,
    make_separable,
    make_xor_blobs,
    separability_quiz,
)
from nnlib.neuron import GATE_WEIGHTS, gate_neuron


@pytest.mark.parametrize("gate", list(GATE_TARGETS))
def test_logic_gates_match_lesson_01(gate):
    X, y = logic_gate(gate)
    assert X.shape == (4, 2) and y.shape == (4,) and X.dtype == np.float64
    if gate in GATE_WEIGHTS:
        np.testing.assert_array_equal(gate_neuron(gate)(X), y)
    assert logic_gate(gate.lower())[1].tolist() == y.tolist()


def test_unknown_gate_lists_the_choices():
    with pytest.raises(ValueError, match="logic_gate: unknown gate 'XAND'; choose one of AND, OR"):
        logic_gate("XAND")


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000), st.integers(2, 60), st.floats(0.0, 1.0))
def test_make_separable_is_seeded_balanced_enough_and_keeps_its_margin(seed, n, margin):
    X, y = make_separable(n, margin=margin, rng=seed)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert set(y.tolist()) == {0, 1}
    X2, y2 = make_separable(n, margin=margin, rng=seed)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_generators_never_touch_the_global_random_state():
    np.random.seed(123)  # noqa: NPY002 (the legacy global state is what must stay untouched)
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    make_separable(20, rng=1)
    make_ring(20, rng=1)
    make_xor_blobs(20, rng=1)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_a_generator_can_be_passed_and_is_advanced():
    rng = np.random.default_rng(0)
    first, _ = make_separable(10, rng=rng)
    second, _ = make_separable(10, rng=rng)
    assert not np.array_equal(first, second)


def test_ring_and_xor_blobs_shapes_and_labels():
    X, y = make_ring(7, rng=3)
    assert X.shape == (7, 2) and y.tolist() == [1, 1, 1, 1, 0, 0, 0]
    radius = np.linalg.norm(X, axis=1)
    assert radius[y == 1].max() < 0.8 < 1.4 < radius[y == 0].min()
    X, y = make_xor_blobs(8)
    assert y.tolist() == [0, 1, 1, 0, 0, 1, 1, 0]


def test_quiz_is_fixed():
    quiz = separability_quiz()
    assert list(quiz) == ["A", "B", "C", "D"]
    np.testing.assert_array_equal(quiz["A"][0], separability_quiz()["A"][0])


def test_bad_arguments():
    with pytest.raises(TypeError, match="make_separable: rng must be a numpy.random.Generator or an integer"):
        make_separable(10, rng=1.5)
    with pytest.raises(ValueError, match="make_ring: n_samples must be at least 2, got 1"):
        make_ring(1)
    with pytest.raises(TypeError, match="make_separable: n_samples must be a whole number"):
        make_separable(10.0)
    with pytest.raises(ValueError, match="make_separable: margin"):
        make_separable(10, margin=2.0)
