"""The non-linear data sets of lesson 05: moons, spirals and the train/validation split."""

import numpy as np
import pytest

from nnlib.datasets import make_moons, make_spirals, train_validation_split


def test_moons_are_seeded_balanced_and_interleaved():
    X, y = make_moons(200, rng=3)
    X2, y2 = make_moons(200, rng=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert X.shape == (200, 2) and np.bincount(y).tolist() == [100, 100]
    clean, labels = make_moons(100, noise=0.0)
    assert np.allclose(np.linalg.norm(clean[labels == 0], axis=1), 1.0)  # the top moon is a half circle
    assert clean[labels == 1, 1].min() == pytest.approx(-0.5, abs=1e-3)


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_spirals_have_one_arm_per_class(n_classes):
    X, y = make_spirals(150, n_classes=n_classes, noise=0.0)
    assert X.shape == (150, 2) and sorted(set(y.tolist())) == list(range(n_classes))
    assert np.abs(X).max() <= 1.0 + 1e-12


def test_split_keeps_every_sample_once():
    X, y = make_moons(40)
    X_train, y_train, X_val, y_val = train_validation_split(X, y, 0.25, rng=1)
    assert len(X_val) == 10 and len(X_train) == 30
    merged = np.concatenate([X_train, X_val])
    assert sorted(map(tuple, merged.round(12))) == sorted(map(tuple, X.round(12)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_moons(1), "at least 2"),
        (lambda: make_moons(10, noise="0.1"), "noise must be a number"),
        (lambda: make_spirals(10, n_classes=1), "n_classes must be"),
        (lambda: train_validation_split(np.ones((4, 2)), np.ones(3)), "one row per sample"),
        (lambda: train_validation_split(np.ones((4, 2)), np.ones(4), 1.0), "at least one sample on each side"),
    ],
)
def test_bad_arguments_are_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
