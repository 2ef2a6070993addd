"""Small, seeded data sets for the lessons: logic gates, separable points, a ring, moons and spirals.

Every generator takes ``rng``, a ``numpy.random.Generator`` or an integer seed (default 0), so the
same call always gives the same data and no global random state is touched.

``load_fashion_mnist`` (lesson 06's bonus, from :mod:`nnlib.downloads`) fetches a real image data
set once, verifies it and caches it. ``load_mnist1d`` (lesson 08) generates the MNIST-1D benchmark
offline with the ``mnist1d`` package.

Introduced in lesson 02 (the perceptron learns).
"""

from __future__ import annotations

import functools
import random

import numpy as np

from nnlib._validation import as_number_in, as_positive_int
from nnlib.downloads import load_fashion_mnist
from nnlib.neuron import truth_table

__all__ = [
    "GATE_TARGETS",
    "as_rng",
    "load_fashion_mnist",
    "load_mnist1d",
    "logic_gate",
    "make_moons",
    "make_ring",
    "make_separable",
    "make_spirals",
    "make_xor_blobs",
    "separability_quiz",
    "train_validation_split",
]

#: The targets of each two-input gate, for the inputs (0,0), (0,1), (1,0), (1,1) in that order.
GATE_TARGETS: dict[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
}


def as_rng(rng: np.random.Generator | int | None, func: str) -> np.random.Generator:
    """Return ``rng`` itself if it is a Generator, or a new Generator seeded with the integer ``rng``.

    Examples
    --------
    >>> as_rng(0, "demo").integers(10)
    np.int64(8)

    Introduced in lesson 02 (the perceptron learns).
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"{func}: rng must be a numpy.random.Generator or an integer seed, got {type(rng).__name__}")
    return np.random.default_rng(int(rng))


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """A logic gate as a data set: the four 0/1 input pairs and the gate's output for each.

    Parameters
    ----------
    name : {"AND", "OR", "NAND", "NOR", "XOR"}

    Returns
    -------
    X : ndarray of float, shape (4, 2)
    y : ndarray of int, shape (4,)

    Examples
    --------
    >>> X, y = logic_gate("XOR")
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])

    Introduced in lesson 02 (the perceptron learns).
    """
    if not isinstance(name, str) or name.upper() not in GATE_TARGETS:
        raise ValueError(f"logic_gate: unknown gate {name!r}; choose one of {', '.join(GATE_TARGETS)}")
    return truth_table(2).astype(np.float64), np.array(GATE_TARGETS[name.upper()], dtype=np.int64)


def make_separable(
    n_samples: int = 40, margin: float = 0.3, rng: np.random.Generator | int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Points in the square [-2, 2]² labelled by which side of a random straight line they fall on.

    No point lies closer than ``margin`` to the line, so a perceptron always separates them.

    Parameters
    ----------
    n_samples : int, default 40
    margin : float, default 0.3
        The empty band on each side of the true line (larger: easier to learn).
    rng : numpy.random.Generator or int, default 0

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)
        0/1 labels; both classes always appear.

    Examples
    --------
    >>> X, y = make_separable(10, rng=1)
    >>> X.shape, sorted(set(y.tolist()))
    ((10, 2), [0, 1])

    Introduced in lesson 02 (the perceptron learns).
    """
    n_samples = as_positive_int(n_samples, func="make_separable", name="n_samples", minimum=2)
    if isinstance(margin, bool) or not isinstance(margin, (int, float, np.integer, np.floating)):
        raise TypeError(f"make_separable: margin must be a number, got {type(margin).__name__} {margin!r}")
    if not 0 <= margin < 1.5:
        raise ValueError(f"make_separable: margin must be a number in [0, 1.5), got {margin}")
    rng = as_rng(rng, "make_separable")
    angle = rng.uniform(0, 2 * np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])  # unit vector across the line
    offset = rng.uniform(-0.5, 0.5)  # the line passes near the centre
    points: list[np.ndarray] = []
    while sum(len(p) for p in points) < n_samples:
        candidates = rng.uniform(-2, 2, size=(2 * n_samples, 2))
        points.append(candidates[np.abs(candidates @ normal + offset) >= margin])
    X = np.concatenate(points)[:n_samples]
    y = (X @ normal + offset > 0).astype(np.int64)
    for label in (0, 1):  # make sure both classes are present by mirroring one point if needed
        if not np.any(y == label):
            X[0] = X[0] - 2 * (X[0] @ normal + offset) * normal
            y[0] = label
    return X, y


def make_ring(n_samples: int = 60, rng: np.random.Generator | int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A disc of class 1 inside a ring of class 0: two classes that no straight line separates.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)
        Half the points (rounded up) are in the inner disc with label 1.

    Examples
    --------
    >>> X, y = make_ring(6)
    >>> X.shape, y.tolist()
    ((6, 2), [1, 1, 1, 0, 0, 0])

    Introduced in lesson 02 (the perceptron learns).
    """
    n_samples = as_positive_int(n_samples, func="make_ring", name="n_samples", minimum=2)
    rng = as_rng(rng, "make_ring")
    n_inner = (n_samples + 1) // 2
    radius = np.concatenate([rng.uniform(0.0, 0.8, n_inner), rng.uniform(1.4, 2.0, n_samples - n_inner)])
    angle = rng.uniform(0, 2 * np.pi, n_samples)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    y = np.concatenate([np.ones(n_inner, dtype=np.int64), np.zeros(n_samples - n_inner, dtype=np.int64)])
    return X, y


def make_xor_blobs(n_samples: int = 60, rng: np.random.Generator | int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR with noise: four clouds around (±1, ±1); class 1 where exactly one coordinate is positive.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)

    Examples
    --------
    >>> X, y = make_xor_blobs(8)
    >>> X.shape, y.tolist()
    ((8, 2), [0, 1, 1, 0, 0, 1, 1, 0])

    Introduced in lesson 02 (the perceptron learns).
    """
    n_samples = as_positive_int(n_samples, func="make_xor_blobs", name="n_samples", minimum=2)
    rng = as_rng(rng, "make_xor_blobs")
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    centre = corners[np.arange(n_samples) % 4]
    X = centre + rng.normal(0.0, 0.3, size=(n_samples, 2))
    y = np.array(GATE_TARGETS["XOR"], dtype=np.int64)[np.arange(n_samples) % 4]
    return X, y


def separability_quiz() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Four small data sets, A to D, for deciding by eye which ones one straight line can separate.

    Returns
    -------
    dict of str to (X, y)
        ``X`` of shape (n_samples, 2), ``y`` of 0/1 labels; always the same data.

    Examples
    --------
    >>> sorted(separability_quiz())
    ['A', 'B', 'C', 'D']

    Introduced in lesson 02 (the perceptron learns).
    """
    return {
        "A": make_separable(30, margin=0.15, rng=7),
        "B": make_xor_blobs(40, rng=2),
        "C": logic_gate("NAND"),
        "D": make_ring(40, rng=5),
    }


def make_moons(
    n_samples: int = 200, noise: float = 0.15, rng: np.random.Generator | int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles ("moons"): class 0 on top, class 1 below, hooked into each other.

    No straight line separates them; a network with one small hidden layer can.

    Parameters
    ----------
    n_samples : int, default 200
        Half of them (rounded up) in class 0.
    noise : float, default 0.15
        Standard deviation of the Gaussian noise added to every coordinate.
    rng : numpy.random.Generator or int, default 0

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)

    Examples
    --------
    >>> X, y = make_moons(6, noise=0.0)
    >>> X.shape, y.tolist()
    ((6, 2), [0, 0, 0, 1, 1, 1])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    n_samples = as_positive_int(n_samples, func="make_moons", name="n_samples", minimum=2)
    noise = as_number_in(noise, func="make_moons", name="noise", low=0, high=2)
    rng = as_rng(rng, "make_moons")
    n_top = (n_samples + 1) // 2
    t_top = np.linspace(0, np.pi, n_top)
    t_bottom = np.linspace(0, np.pi, n_samples - n_top)
    top = np.column_stack([np.cos(t_top), np.sin(t_top)])
    bottom = np.column_stack([1 - np.cos(t_bottom), 0.5 - np.sin(t_bottom)])
    X = np.concatenate([top, bottom]) + rng.normal(0.0, noise, size=(n_samples, 2))
    y = np.concatenate([np.zeros(n_top, dtype=np.int64), np.ones(n_samples - n_top, dtype=np.int64)])
    return X, y


def make_spirals(
    n_samples: int = 200, n_classes: int = 2, noise: float = 0.1, rng: np.random.Generator | int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Arms of a spiral winding around the origin, one arm per class: hard for a small network.

    Parameters
    ----------
    n_samples : int, default 200
        Shared out as evenly as possible between the classes.
    n_classes : int, default 2
    noise : float, default 0.1
        Standard deviation of the Gaussian noise on every coordinate.
    rng : numpy.random.Generator or int, default 0

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
        Inside the square [-1.2, 1.2]² or close to it.
    y : ndarray of int, shape (n_samples,)
        Class numbers 0 to ``n_classes - 1``.

    Examples
    --------
    >>> X, y = make_spirals(9, n_classes=3)
    >>> X.shape, y.tolist()
    ((9, 2), [0, 0, 0, 1, 1, 1, 2, 2, 2])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    n_samples = as_positive_int(n_samples, func="make_spirals", name="n_samples", minimum=2)
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or not 2 <= n_classes <= 10:
        raise ValueError(f"make_spirals: n_classes must be a whole number from 2 to 10, got {n_classes!r}")
    noise = as_number_in(noise, func="make_spirals", name="noise", low=0, high=2)
    rng = as_rng(rng, "make_spirals")
    y = np.repeat(np.arange(n_classes), -(-n_samples // n_classes))[:n_samples].astype(np.int64)
    X = np.empty((n_samples, 2))
    for k in range(n_classes):
        rows = np.flatnonzero(y == k)
        radius = np.linspace(0.15, 1.0, rows.size)
        angle = 2 * np.pi * k / n_classes + radius * 2.5 * np.pi  # each arm turns about 1¼ times
        X[rows] = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    X += rng.normal(0.0, noise, size=X.shape)
    return X, y


def train_validation_split(
    X: np.ndarray, y: np.ndarray, validation_fraction: float = 0.25, rng: np.random.Generator | int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle and split into a training part and a held-out validation part.

    The network learns only from the training part; the validation part tells how well it does on
    data it has never seen, which is what overfitting hides from the training cost.

    Returns
    -------
    X_train, y_train, X_val, y_val : ndarray

    Examples
    --------
    >>> X, y = make_moons(8)
    >>> [a.shape for a in train_validation_split(X, y, 0.25)]
    [(6, 2), (6,), (2, 2), (2,)]

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim < 1 or y.ndim < 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"train_validation_split: X and y need one row per sample, got shapes {X.shape} and {y.shape}")
    if isinstance(validation_fraction, bool) or not isinstance(validation_fraction, (float, int)):
        raise TypeError(f"train_validation_split: validation_fraction must be a number, got {validation_fraction!r}")
    n_val = int(round(validation_fraction * X.shape[0]))
    if not 0 < validation_fraction < 1 or not 1 <= n_val < X.shape[0]:
        raise ValueError(
            "train_validation_split: validation_fraction must leave at least one sample on each side, "
            f"got {validation_fraction} of {X.shape[0]} samples"
        )
    order = as_rng(rng, "train_validation_split").permutation(X.shape[0])
    train, val = order[n_val:], order[:n_val]
    return X[train], y[train], X[val], y[val]


def load_mnist1d(
    shuffle_positions: bool = False, seed: int = 42
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """MNIST-1D (Greydanus & Kobak, ICML 2024): ten digit-like shapes as sequences of 40 numbers.

    Generated offline by the ``mnist1d`` package with the paper's settings: 5,000 sequences, each a
    digit's template padded, shifted, sheared, scaled, blurred with correlated noise and resampled to
    40 positions, then standardised (mean 0, spread 1 over the whole set); the first 4,000 train
    and the last 1,000 test, as in the paper's table. Returned as Keras's ``load_data()`` does.

    Parameters
    ----------
    shuffle_positions : bool, default False
        Reorder the 40 positions of every sequence by one fixed random permutation (the paper's
        ``shuffle_seq``): the same numbers, with neighbours no longer next to each other.
    seed : int, default 42
        The generator's seed; 42 gives the paper's data set.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x`` float32 of shape ``(n, 40)``, ``y`` int64 class numbers 0-9 of shape ``(n,)``:
        4,000 training and 1,000 test sequences. Fresh copies on every call (the data is generated
        once per setting, in about a second, and kept in memory).

    Raises
    ------
    ModuleNotFoundError
        If ``mnist1d`` (or SciPy, which it needs) is not installed, with the command that installs it.

    Notes
    -----
    ``mnist1d`` seeds NumPy's and Python's global random generators; this function puts both back
    as they were, so the rest of a notebook draws the same numbers with or without it.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_mnist1d()
    >>> x_train.shape, x_test.shape, x_train.dtype, y_train[:10]
    ((4000, 40), (1000, 40), dtype('float32'), array([2, 6, 4, 5, 6, 6, 6, 0, 3, 1]))

    Introduced in lesson 08 (convolution on MNIST-1D).
    """
    if not isinstance(shuffle_positions, (bool, np.bool_)):
        raise TypeError(f"load_mnist1d: shuffle_positions must be True or False, got {shuffle_positions!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"load_mnist1d: seed must be an integer, got {type(seed).__name__} {seed!r}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"load_mnist1d: seed must be from 0 to 2**32 - 1 (NumPy's global seed), got {seed}")
    arrays = _mnist1d_arrays(bool(shuffle_positions), int(seed))
    x_train, y_train, x_test, y_test = (a.copy() for a in arrays)
    return (x_train, y_train), (x_test, y_test)


def _mnist1d_arrays(shuffle_positions: bool, seed: int) -> tuple[np.ndarray, ...]:
    """The cached arrays of one setting; the shuffled set is the plain one with its positions reordered.

    ``mnist1d`` with ``shuffle_seq`` draws that order right after the data, from the same generator,
    and standardises after reordering (the same mean and spread, so the same float32 numbers:
    ``tests/test_datasets_mnist1d.py`` compares with the package's own run). One generation serves both.
    """
    x_train, y_train, x_test, y_test, positions = _mnist1d_generated(seed)
    if not shuffle_positions:
        return x_train, y_train, x_test, y_test
    return _read_only(x_train[:, positions], y_train, x_test[:, positions], y_test)


@functools.cache
def _mnist1d_generated(seed: int) -> tuple[np.ndarray, ...]:
    """Generate MNIST-1D once per seed, with the position order ``shuffle_seq`` would draw next, leaving
    the global random generators as they were."""
    try:
        from mnist1d.data import get_dataset_args, make_dataset
    except ImportError as error:
        raise ModuleNotFoundError(
            f"load_mnist1d needs the mnist1d package and SciPy ({error}); install them with "
            "python -m pip install mnist1d scipy"
        ) from None
    args = get_dataset_args()
    args.shuffle_seq, args.seed = False, seed
    # mnist1d seeds the legacy global generators, so they are saved and restored here
    numpy_state, python_state = np.random.get_state(), random.getstate()  # noqa: NPY002
    try:
        data = make_dataset(args)
        positions = np.random.permutation(args.final_seq_length)  # noqa: NPY002 - the draw shuffle_seq makes
    finally:
        np.random.set_state(numpy_state)  # noqa: NPY002
        random.setstate(python_state)
    return _read_only(
        data["x"].astype(np.float32),
        data["y"].astype(np.int64),
        data["x_test"].astype(np.float32),
        data["y_test"].astype(np.int64),
        positions,
    )


def _read_only(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The cached originals, made read-only (callers get copies)."""
    for array in arrays:
        array.flags.writeable = False
    return arrays
