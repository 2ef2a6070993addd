"""Regularisation: ways to keep a network from memorising its training set.

- ``Dropout(rate)``: a layer that, during training only, sets a random fraction ``rate`` of its
  inputs to zero and scales the rest up by ``1 / (1 - rate)`` ("inverted dropout", as Keras does),
  so that the layer's output keeps the same average size and nothing has to change at ``predict``.
  A new random choice is made for every batch; outside training the layer passes its input through.
- L2 weight decay is an optimizer setting, as in Keras 3: ``Adam(weight_decay=1e-4)`` shrinks every
  weight by the factor ``1 - learning_rate * weight_decay`` at each step, before the gradient step
  (see :mod:`nnlib.optimizers`). :func:`l2_penalty` is the cost term that classic weight decay adds
  instead, ``l2 * sum(w ** 2)``, whose gradient ``2 * l2 * w`` gives the same shrinking for plain SGD.

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnlib.layers import Layer

__all__ = ["Dropout", "l2_penalty"]


class Dropout(Layer):
    """Inverted dropout (Keras's ``Dropout``): zero a fraction ``rate`` of the inputs while training.

    While the model trains (``layer.training`` is true, which ``fit`` and ``train_on_batch`` set),
    every input is kept with probability ``1 - rate`` and then divided by ``1 - rate``, so the
    expected output equals the input; the dropped ones become 0. The backward pass sends the gradient
    through the same kept inputs, with the same scale. Outside training (``predict``, ``evaluate``)
    the layer is the identity.

    Parameters
    ----------
    rate : float in [0, 1)
        The fraction of inputs dropped at each training step.
    seed : int, optional
        Seeds the random choices. In a model without a seed the layer draws its own generator from
        the model's seeded one (without disturbing the other layers' initial weights).

    Examples
    --------
    >>> layer = Dropout(0.5, seed=0)
    >>> X = np.ones((2, 4))
    >>> layer(X)  # not training: the input passes unchanged
    array([[1., 1., 1., 1.],
           [1., 1., 1., 1.]])
    >>> layer.training = True
    >>> layer(X)  # training: about half are dropped, the kept ones doubled
    array([[2., 0., 0., 0.],
           [2., 2., 2., 2.]])

    Introduced in lesson 06 (build your own Keras).
    """

    activation = "linear"

    def __init__(
        self,
        rate: float,
        seed: int | None = None,
        input_shape: Sequence[int] | int | None = None,
        name: str | None = None,
    ) -> None:
        if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating)) or not 0 <= rate < 1:
            raise ValueError(f"Dropout: rate must be a number from 0 up to (not including) 1, got {rate!r}")
        self.rate = float(rate)
        self.seed = seed
        super().__init__(input_shape, name)
        self._mask: np.ndarray | None = None
        self._rng = np.random.default_rng(seed)

    def __repr__(self) -> str:
        return f"Dropout({self.rate:g})"

    def build(self, input_shape, rng=None, dtype=np.float64) -> None:  # noqa: D102 - see Layer.build
        self._dtype = np.dtype(dtype).type
        if self.seed is None and isinstance(rng, np.random.Generator):
            self._rng = rng.spawn(1)[0]  # its own stream; the model's draws for other layers are unchanged
        super().build(input_shape, rng, dtype)

    def forward(self, X: np.ndarray) -> np.ndarray:
        """While training: drop a fraction ``rate`` and scale the rest by ``1 / (1 - rate)``; else ``X``."""
        if not self.training or self.rate == 0:
            self._mask = None
            return X
        keep = self._rng.random(X.shape) >= self.rate
        self._mask = keep.astype(X.dtype) / X.dtype.type(1 - self.rate)
        return X * self._mask

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False, need_input_grad: bool = True) -> np.ndarray:
        """The gradient flows back through the kept inputs only, scaled as they were."""
        return grad if self._mask is None else grad * self._mask


def l2_penalty(weights: Sequence[np.ndarray] | np.ndarray, l2: float) -> float:
    """The L2 cost term ``l2 * sum(w ** 2)`` over all ``weights`` (Keras's ``regularizers.L2``).

    Its gradient with respect to each weight is ``2 * l2 * w``: a pull towards zero that grows with
    the weight, which is why adding it to the cost is called *weight decay*.

    Examples
    --------
    >>> l2_penalty([np.array([1.0, -2.0]), np.array([[3.0]])], l2=0.01)
    0.14
    """
    arrays = [weights] if isinstance(weights, np.ndarray) else list(weights)
    return float(l2 * sum(float(np.sum(np.square(w))) for w in arrays))
