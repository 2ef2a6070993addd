"""A network: layers in a row, a forward pass through all of them and backpropagation back.

``Network([Dense(8, activation="tanh", input_shape=(2,)), Dense(1, activation="sigmoid")])`` builds
its layers with one seeded generator, packs every parameter into one flat array (``net.params``,
with the gradients in ``net.grads``), and offers:

- ``net.forward(X)``: the output for a batch (checked: shapes, NaN and where it first appeared);
- ``net.loss_and_gradients(X, y, loss)``: the cost and, by backpropagation, every gradient;
- ``net.train(X, y, loss=..., lr=..., epochs=...)``: mini-batch gradient descent with a history.

When the last activation pairs with the loss (sigmoid with binary cross-entropy, softmax with
categorical cross-entropy), backpropagation starts from ``(y_hat - y) / n`` at the last layer's
weighted sums: the same gradient as the long way round, faster, and stable. Lesson 06's ``Sequential``
builds on this class.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from nnlib._validation import as_finite_number, as_float_array, as_positive_int
from nnlib.layers import Layer, _as_rng, pack_parameters
from nnlib.losses import Loss, get_loss

__all__ = ["Network", "TrainingLog"]


@dataclass
class TrainingLog:
    """Costs recorded once per epoch, as Keras does.

    ``loss`` is the mean of the batches' costs during the epoch (each measured just before its
    update); ``val_loss`` is the cost on held-out data after the epoch.
    """

    epochs: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)


class Network:
    """Layers applied one after the other, trained by backpropagation.

    Parameters
    ----------
    layers : sequence of Layer
        The first needs ``input_shape`` unless you call :meth:`build` or pass ``input_shape`` here.
    seed : int or numpy.random.Generator, default 0
        Seeds the initial weights (and the shuffling in :meth:`train`).
    dtype : numpy float type, default float64
    input_shape : tuple of int, optional
        The shape of one sample, if the first layer does not declare it.

    Examples
    --------
    >>> from nnlib.layers import Dense
    >>> net = Network([Dense(3, activation="tanh", input_shape=(2,)), Dense(1, activation="sigmoid")])
    >>> net.forward(np.zeros((5, 2))).shape, net.params.size
    ((5, 1), 13)

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    def __init__(
        self,
        layers: Sequence[Layer] = (),
        *,
        seed: int | np.random.Generator = 0,
        dtype: type = np.float64,
        input_shape: Sequence[int] | None = None,
    ) -> None:
        self.layers: list[Layer] = []
        for layer in layers:
            self.add(layer)
        self.seed = seed
        self.dtype = np.dtype(dtype).type
        self.params = np.empty(0, dtype=self.dtype)
        self.grads = np.empty(0, dtype=self.dtype)
        self.built = False
        shape = input_shape or (self.layers[0]._declared_input if self.layers else None)
        if shape is not None:
            self.build(shape)

    def add(self, layer: Layer) -> None:
        """Append a layer (before the network is built)."""
        if not isinstance(layer, Layer):
            raise TypeError(f"{type(self).__name__}.add: expected a layer such as Dense(8), got {type(layer).__name__}")
        if getattr(self, "built", False):
            raise ValueError(f"{type(self).__name__}.add: the network is already built; add layers before using it")
        self.layers.append(layer)

    def build(self, input_shape: Sequence[int] | int) -> None:
        """Create every layer's parameters for samples of ``input_shape`` and pack them into one buffer."""
        if not self.layers:
            raise ValueError(f"{type(self).__name__}.build: the network has no layers")
        rng = _as_rng(self.seed, type(self).__name__)
        shape = input_shape
        for layer in self.layers:
            layer.build(shape, rng, self.dtype)
            shape = layer.output_shape
        self.params, self.grads = pack_parameters(self.layers, self.dtype)
        self.rng = rng
        self.built = True

    # -- passes ---------------------------------------------------------------------------------
    @property
    def input_shape(self) -> tuple[int, ...] | None:
        return self.layers[0].input_shape if self.built else None

    def check_X(self, X: object, func: str) -> np.ndarray:
        """``X`` as an array of this network's dtype, building the network on first use; clear errors."""
        X = as_float_array(X, func=func, name="X")
        if X.ndim < 2:
            raise ValueError(f"{func}: expected a batch X of shape (n_samples, ...), got shape {X.shape}")
        if not self.built:
            self.build(self.layers[0]._declared_input or X.shape[1:] if self.layers else X.shape[1:])
        self.layers[0].check_input(X.shape)
        return X.astype(self.dtype, copy=False)

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The network's output for a batch, checked: shapes, and the layer where NaN first appears.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> Network([Dense(2, input_shape=(3,))]).forward(np.ones((1, 4)))
        Traceback (most recent call last):
        ...
        ValueError: Dense(2): expected input with 3 features, got 4
        """
        X = self.check_X(X, f"{type(self).__name__}.forward")
        out = self._forward(X)
        if not np.all(np.isfinite(out)):
            self._raise_where_nan_appeared(X)
        return out

    def _forward(self, X: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def _raise_where_nan_appeared(self, X: np.ndarray) -> None:
        for number, layer in enumerate(self.layers, start=1):
            X = layer.forward(X)
            if not np.all(np.isfinite(X)):
                bad = "NaN" if np.isnan(X).any() else "infinity"
                raise FloatingPointError(
                    f"{type(self).__name__}: {bad} first appeared in the output of layer {number}, {layer!r}; "
                    "its weights may have blown up (try a smaller learning rate)"
                )

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False) -> None:
        """Backpropagate ``grad`` (the cost's gradient with respect to the output) into ``self.grads``."""
        last = len(self.layers) - 1
        for index in range(last, -1, -1):
            grad = self.layers[index].backward(grad, wrt_logits=wrt_logits and index == last, need_input_grad=index > 0)

    def loss_and_gradients(self, X: np.ndarray, y: np.ndarray, loss: str | Loss) -> float:
        """Forward pass, cost, and backpropagation: returns the cost; the gradients land in ``self.grads``.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> net = Network([Dense(1, activation="sigmoid", input_shape=(2,))])
        >>> round(net.loss_and_gradients(np.zeros((2, 2)), np.array([0.0, 1.0]), "binary_crossentropy"), 4)
        0.6931
        """
        loss = get_loss(loss)
        X = self.check_X(X, "loss_and_gradients")
        y_hat = self.forward(X)
        y = loss.check_labels(y, y_hat)
        return self._step_gradients(X, y, loss)

    def _step_gradients(self, X: np.ndarray, y: np.ndarray, loss: Loss) -> float:
        """Unchecked forward, cost and backward for a batch whose labels already fit the loss."""
        y_hat = self._forward(X)
        fused = loss.pairs is not None and not loss.from_logits and self.layers[-1].activation == loss.pairs
        if fused:
            self.backward(loss.logit_gradient(y, y_hat), wrt_logits=True)
            last = self.layers[-1]
            return loss.logit_value(y, last._z, getattr(last, "logsumexp", None))
        self.backward(loss.gradient(y, y_hat))
        return loss.value(y, y_hat)

    # -- training -------------------------------------------------------------------------------
    def train(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        loss: str | Loss,
        lr: float = 0.1,
        epochs: int = 100,
        batch_size: int | None = None,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> TrainingLog:
        """Mini-batch gradient descent: ``params -= lr * grads`` after every batch.

        Parameters
        ----------
        X, y : arrays
            Training data and labels that fit ``loss``.
        loss : str or Loss
            ``"mse"``, ``"binary_crossentropy"``, ``"categorical_crossentropy"`` or
            ``"sparse_categorical_crossentropy"``.
        lr : float
            The learning rate.
        epochs : int
            Passes over the data.
        batch_size : int, optional
            Samples per update (shuffled each epoch with the network's generator); all at once if None.
        validation : (X_val, y_val), optional
            Held-out data whose cost is recorded each epoch (it is never trained on).

        Returns
        -------
        TrainingLog
            Per epoch: the mean cost of its batches, and the cost on ``validation`` after it.

        Raises
        ------
        FloatingPointError
            If the cost becomes NaN or infinite, naming the layer where it first appeared.
        """
        func = f"{type(self).__name__}.train"
        loss = get_loss(loss)
        X = self.check_X(X, func)
        n_labels = np.shape(y)[0] if np.ndim(y) else 0
        if n_labels != X.shape[0]:
            raise ValueError(f"{func}: X has {X.shape[0]} samples but y has {n_labels} labels; they need one each")
        y = loss.check_labels(y, self.forward(X))
        lr = as_finite_number(lr, func=func, name="lr")
        if lr <= 0:
            raise ValueError(f"{func}: the learning rate lr must be positive, got {lr}")
        epochs = _positive_int(epochs, func, "epochs")
        n = X.shape[0]
        batch_size = n if batch_size is None else min(_positive_int(batch_size, func, "batch_size"), n)
        if validation is not None:
            X_val = self.check_X(validation[0], func)
            y_val = loss.check_labels(validation[1], self.forward(X_val))
        log = TrainingLog()
        y = y.astype(self.dtype, copy=False)
        for epoch in range(1, epochs + 1):
            order = self.rng.permutation(n) if batch_size < n else None
            total = 0.0
            for start in range(0, n, batch_size):
                rows = order[start : start + batch_size] if order is not None else slice(None)
                cost = self._step_gradients(X[rows], y[rows], loss)
                if not np.isfinite(cost):
                    self._raise_where_nan_appeared(X[rows])
                    raise FloatingPointError(f"{func}: the cost became {cost} at epoch {epoch}; try a smaller lr")
                total += cost * min(batch_size, n - start)
                self.params -= lr * self.grads
            log.epochs.append(epoch)
            log.loss.append(total / n)
            if validation is not None:
                log.val_loss.append(loss.value(y_val, self._forward(X_val)))
        return log

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The network's output for ``X`` (same as :meth:`forward`)."""
        return self.forward(X)

    def count_params(self) -> int:
        """How many numbers the network learns."""
        return int(self.params.size)

    def shape_table(self, n_samples: int) -> str:
        """A table of each layer's output shape and parameter shapes for a batch of ``n_samples``.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> print(Network([Dense(2, activation="tanh", input_shape=(2,)), Dense(1)]).shape_table(4))
        layer                    output      parameters
        input                    (4, 2)
        Dense(2), tanh           (4, 2)      kernel (2, 2), bias (2,)
        Dense(1)                 (4, 1)      kernel (2, 1), bias (1,)
        """
        rows = [("layer", "output", "parameters"), ("input", str((n_samples, *self.input_shape)), "")]
        for layer in self.layers:
            name = repr(layer) + (
                f", {layer.activation}"
                if isinstance(getattr(layer, "units", None), int) and layer.activation != "linear"
                else ""
            )
            params = ", ".join(f"{n} {p.shape}" for n, p in zip(layer.param_names, layer.params, strict=True))
            rows.append((name, str((n_samples, *layer.output_shape)), params))
        return "\n".join(f"{a:<24} {b:<11} {c}".rstrip() for a, b, c in rows)


def _positive_int(value: object, func: str, name: str) -> int:
    return as_positive_int(value, func=func, name=name)
