"""Mini-batches: shuffle the sample numbers once per epoch, then cut them into batches.

This is the generator lesson 06's exercise teaches (``batch_indices``), and the one training loop
of :class:`~nnlib.network.Network` and :class:`~nnlib.models.Sequential` runs on it.

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from nnlib._validation import as_positive_int

__all__ = ["batch_indices", "batch_slices", "shuffled_batches"]


def shuffled_batches(n_samples: int, batch_size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Yield the sample numbers of each mini-batch: one shuffle of ``range(n_samples)``, cut in order.

    Unchecked (the training loop calls it once per epoch); the last batch may be smaller.

    Examples
    --------
    >>> [batch.tolist() for batch in shuffled_batches(5, 2, np.random.default_rng(0))]
    [[2, 4], [3, 0], [1]]

    Introduced in lesson 06 (build your own Keras).
    """
    order = rng.permutation(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


def batch_slices(n_samples: int, batch_size: int) -> Iterator[slice]:
    """The same cut without shuffling: consecutive slices (views, no copies).

    Examples
    --------
    >>> list(batch_slices(5, 2))
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]

    Introduced in lesson 06 (build your own Keras).
    """
    for start in range(0, n_samples, batch_size):
        yield slice(start, min(start + batch_size, n_samples))


def batch_indices(n_samples: int, batch_size: int, seed: int) -> list[np.ndarray]:
    """Shuffled sample numbers cut into mini-batches; the last batch may be smaller.

    The same cut :meth:`Sequential.fit` makes each epoch (it shuffles with the model's generator).

    Examples
    --------
    >>> [batch.tolist() for batch in batch_indices(5, 2, seed=0)]
    [[2, 4], [3, 0], [1]]

    Introduced in lesson 06 (build your own Keras).
    """
    n_samples = as_positive_int(n_samples, func="batch_indices", name="n_samples")
    batch_size = as_positive_int(batch_size, func="batch_indices", name="batch_size")
    return list(shuffled_batches(n_samples, batch_size, np.random.default_rng(seed)))
