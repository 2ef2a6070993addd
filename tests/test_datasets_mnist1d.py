"""nnlib.datasets.load_mnist1d: the paper's split, deterministic, and the global random state left alone."""

import random
import sys

import numpy as np
import pytest

from nnlib.datasets import _mnist1d_generated, load_mnist1d


def test_the_papers_split_shapes_and_types():
    (x_train, y_train), (x_test, y_test) = load_mnist1d()
    assert x_train.shape == (4000, 40) and x_test.shape == (1000, 40)
    assert y_train.shape == (4000,) and y_test.shape == (1000,)
    assert x_train.dtype == x_test.dtype == np.float32 and y_train.dtype == y_test.dtype == np.int64
    assert set(np.unique(y_train)) == set(range(10)) and np.bincount(y_train).min() > 350
    both = np.concatenate([x_train, x_test])
    assert abs(both.mean()) < 1e-3 and abs(both.std() - 1) < 1e-3  # standardised over the whole set


def test_the_default_data_set_is_the_published_one():
    (_, y_train), (_, y_test) = load_mnist1d()
    assert y_train[:10].tolist() == [2, 6, 4, 5, 6, 6, 6, 0, 3, 1]
    assert y_test[:10].tolist() == [2, 6, 3, 9, 4, 3, 1, 9, 5, 2]


def test_calls_give_equal_fresh_copies():
    (x1, y1), (t1, _) = load_mnist1d()
    x1[:] = 0  # a learner's change must not reach the next call
    y1[:] = 0
    (x2, y2), (t2, _) = load_mnist1d()
    assert not np.all(x2 == 0) and y2[:3].tolist() == [2, 6, 4]
    np.testing.assert_array_equal(t1, t2)


def test_shuffled_positions_are_one_fixed_permutation_of_the_same_sequences():
    (x, y), (x_test, y_test) = load_mnist1d()
    (xs, ys), (xs_test, ys_test) = load_mnist1d(shuffle_positions=True)
    np.testing.assert_array_equal(ys, y)
    np.testing.assert_array_equal(ys_test, y_test)
    # each shuffled column is one of the original columns, the same one for every sequence
    matches = [np.flatnonzero(np.all(np.isclose(x, xs[:, [j]], atol=1e-6), axis=0)) for j in range(40)]
    order = [int(m[0]) for m in matches]
    assert all(m.size == 1 for m in matches) and sorted(order) == list(range(40)) and order != list(range(40))
    np.testing.assert_allclose(xs_test, x_test[:, order], atol=1e-6)


def test_shuffled_positions_are_exactly_what_mnist1d_itself_makes():
    from mnist1d.data import get_dataset_args, make_dataset

    args = get_dataset_args()
    args.shuffle_seq = True
    state = np.random.get_state()  # noqa: NPY002 - mnist1d seeds the global generator
    try:
        data = make_dataset(args)
    finally:
        np.random.set_state(state)  # noqa: NPY002
    (xs, ys), (xs_test, ys_test) = load_mnist1d(shuffle_positions=True)
    np.testing.assert_array_equal(xs, data["x"].astype(np.float32))
    np.testing.assert_array_equal(xs_test, data["x_test"].astype(np.float32))
    np.testing.assert_array_equal(ys, data["y"])
    np.testing.assert_array_equal(ys_test, data["y_test"])


def test_another_seed_gives_other_data_and_the_global_generators_are_left_as_they_were():
    # the legacy global generators are the point here: mnist1d seeds them
    np.random.seed(123)  # noqa: NPY002
    random.seed(123)
    expected = np.random.random(3).tolist(), random.random()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    random.seed(123)
    x0, y0, _, _, _ = _mnist1d_generated.__wrapped__(0)  # really generate (mnist1d seeds both), not from the cache
    assert (np.random.random(3).tolist(), random.random()) == expected  # noqa: NPY002
    (x42, _), _ = load_mnist1d()
    assert x0.shape == (4000, 40) and not np.allclose(x0, x42)
    assert y0.tolist() != load_mnist1d()[0][1].tolist()


def test_bad_arguments():
    with pytest.raises(TypeError, match="load_mnist1d: shuffle_positions must be True or False, got 'yes'"):
        load_mnist1d(shuffle_positions="yes")
    with pytest.raises(TypeError, match="load_mnist1d: seed must be an integer, got float 1.5"):
        load_mnist1d(seed=1.5)
    with pytest.raises(ValueError, match="load_mnist1d: seed must be from 0"):
        load_mnist1d(seed=-1)


@pytest.mark.parametrize("missing", ["mnist1d", "mnist1d.data", "scipy"])
def test_a_missing_package_names_itself_and_the_install_command(monkeypatch, missing):
    for name in [name for name in sys.modules if name == missing or name.startswith(missing + ".")]:
        monkeypatch.delitem(sys.modules, name)
    for name in [name for name in sys.modules if name.startswith("mnist1d")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, missing, None)  # import now fails, as if not installed
    with pytest.raises(
        ModuleNotFoundError,
        match=r"load_mnist1d needs the mnist1d package and SciPy .*"
        r"python -m pip install mnist1d scipy",
    ):
        _mnist1d_generated.__wrapped__(42)
