"""Small, seeded data sets for the lessons: logic gates, linearly separable points, and a ring.

Every generator takes ``rng``, a ``numpy.random.Generator`` or an integer seed (default 0), so the
same call always gives the same data and no global random state is touched.

Introduced in lesson 02 (the perceptron learns).
"""

from __future__ import annotations

import numpy as np

from nnlib.neuron import truth_table

__all__ = [
    "GATE_TARGETS",
    "as_rng",
    "logic_gate",
    "make_ring",
    "make_separable",
    "make_xor_blobs",
    "separability_quiz",
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


def _count(n_samples: object, func: str) -> int:
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)):
        raise TypeError(f"{func}: n_samples must be an integer, got {type(n_samples).__name__}")
    if n_samples < 2:
        raise ValueError(f"{func}: n_samples must be at least 2, got {n_samples}")
    return int(n_samples)


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
    n_samples = _count(n_samples, "make_separable")
    if not 0 <= margin < 1.5:
        raise ValueError(f"make_separable: margin must be in [0, 1.5), got {margin}")
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
    n_samples = _count(n_samples, "make_ring")
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
    n_samples = _count(n_samples, "make_xor_blobs")
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
