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

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from nnlib._validation import all_finite, as_batch, as_learning_rate, as_positive_int
from nnlib.activations import ACTIVATIONS
from nnlib.batches import batch_slices, shuffled_batches
from nnlib.callbacks import Callback
from nnlib.layers import Activation, Layer, _as_rng, pack_parameters
from nnlib.losses import Loss, get_loss
from nnlib.metrics import class_numbers, count_correct
from nnlib.optimizers import SGD, Optimizer

__all__ = ["Network", "TrainingLog"]

#: Rows per chunk when predicting or evaluating, so big data sets need little memory.
_CHUNK = 4096


@dataclass
class TrainingLog(Callback):
    """Costs recorded once per epoch, as Keras does (what :meth:`Network.train` returns).

    ``loss`` is the mean of the batches' costs during the epoch (each measured just before its
    update); ``val_loss`` is the cost on held-out data after the epoch.
    """

    epochs: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        self.epochs.append(epoch + 1)
        self.loss.append(logs["loss"])
        if "val_loss" in logs:
            self.val_loss.append(logs["val_loss"])


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
        self.built = False
        self.seed = seed
        self.dtype = np.dtype(dtype).type
        self.params = np.empty(0, dtype=self.dtype)
        self.grads = np.empty(0, dtype=self.dtype)
        for layer in layers:
            self.add(layer)
        shape = input_shape or (self.layers[0]._declared_input if self.layers else None)
        if shape is not None:
            self.build(shape)

    def add(self, layer: Layer) -> None:
        """Append a layer (before the network is built)."""
        if not isinstance(layer, Layer):
            raise TypeError(f"{type(self).__name__}.add: expected a layer such as Dense(8), got {type(layer).__name__}")
        if self.built:
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

    # -- checking data (once per call, at the public entry; never inside the loop) ----------------
    @property
    def input_shape(self) -> tuple[int, ...] | None:
        return self.layers[0].input_shape if self.built else None

    def check_X(self, X: object, func: str, *, name_caller: bool = True) -> np.ndarray:
        """``X`` as a finite, contiguous array of this network's dtype with the right sample shape.

        Builds the network on first use (from the first layer's ``input_shape``, else from ``X``).
        A sample of the wrong shape is reported by the first layer (``Dense(128): expected input
        with 64 features, got 65``), after ``func`` if ``name_caller``.
        """
        X = as_batch(X, func=func, dtype=self.dtype)
        if not self.built:
            if not self.layers:
                raise ValueError(f"{func}: the model has no layers yet; add some first")
            self.build(self.layers[0]._declared_input or X.shape[1:])
        try:
            self.layers[0].check_input(X.shape)
        except ValueError as error:
            raise ValueError(f"{func}: {error}" if name_caller else str(error)) from None
        return X

    def check_labels(self, y: object, n: int, loss: Loss, func: str) -> np.ndarray:
        """Labels that fit ``loss`` and the network's output, as a contiguous array of its dtype.

        Only the output's *shape* is needed, so no forward pass is run.
        """
        if y is None or isinstance(y, (str, bytes)):
            raise TypeError(f"{func}: y must be an array of labels, got {type(y).__name__}")
        n_labels = np.shape(y)[0] if np.ndim(y) else 0
        if n_labels != n:
            raise ValueError(f"{func}: X has {n} samples but y has {n_labels} labels; they need one each")
        output = np.broadcast_to(np.zeros((), self.dtype), (n, *self.layers[-1].output_shape))
        try:
            labels = loss.check_labels(y, output)
        except (ValueError, TypeError) as error:
            raise type(error)(f"{func}: {error}") from None
        return np.ascontiguousarray(labels, dtype=self.dtype)

    def check_loss_fits_output(self, loss: Loss, func: str) -> None:
        """Refuse a probability loss on outputs that are not probabilities (Keras's ``from_logits``)."""
        activation = self.layers[-1].activation
        if loss.pairs is None or loss.from_logits or activation is None:
            return
        wanted = ACTIVATIONS[loss.pairs]
        if activation != loss.pairs and not (ACTIVATIONS[activation].probabilities and wanted.min_units == 1):
            raise ValueError(
                f"{func}: {loss.name} reads the outputs as probabilities, but the last layer "
                f"{self.layers[-1]!r} gives {activation} outputs. End the model with activation="
                f"'{loss.pairs}', or say that the outputs are raw scores: "
                f"{type(loss).__name__}(from_logits=True)"
            )

    # -- passes ---------------------------------------------------------------------------------
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
        X = self.check_X(X, f"{type(self).__name__}.forward", name_caller=False)
        return self._predict(X)

    def _forward(self, X: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def _predict(self, X: np.ndarray) -> np.ndarray:
        """The unchecked forward pass in chunks (little memory for big data), with NaN reported by layer."""
        if X.shape[0] <= _CHUNK:
            out = self._forward(X)
        else:
            out = np.concatenate([self._forward(X[start : start + _CHUNK]) for start in range(0, X.shape[0], _CHUNK)])
        if not all_finite(out):
            self._raise_where_nan_appeared(X)
        return out

    def _raise_where_nan_appeared(self, X: np.ndarray, where: str | None = None) -> None:
        """Name the first layer whose weights or outputs are not finite (weights first: they are the cause)."""
        where = where or type(self).__name__
        for number, layer in enumerate(self.layers, start=1):
            for name, p in zip(layer.param_names, layer.params, strict=True):
                if not np.isfinite(p).all():
                    raise FloatingPointError(
                        f"{where}: the {name} of layer {number}, {layer!r}, is no longer finite (NaN or "
                        "infinity): training diverged; try a smaller learning rate"
                    )
        with np.errstate(all="ignore"):
            for number, layer in enumerate(self.layers, start=1):
                X = layer.forward(X)
                if not np.all(np.isfinite(X)):
                    bad = "NaN" if np.isnan(X).any() else "infinity"
                    raise FloatingPointError(
                        f"{where}: {bad} first appeared in the output of layer {number}, {layer!r}; "
                        "its weights may have blown up (try a smaller learning rate)"
                    )

    def backward(self, grad: np.ndarray, *, wrt_logits: bool = False) -> None:
        """Backpropagate ``grad`` (the cost's gradient with respect to the output) into ``self.grads``."""
        last = len(self.layers) - 1
        for index in range(last, -1, -1):
            grad = self.layers[index].backward(grad, wrt_logits=wrt_logits and index == last, need_input_grad=index > 0)

    def _fused(self, loss: Loss) -> bool:
        """True when the loss pairs with the last activation: start backpropagation at the logits."""
        return loss.pairs is not None and not loss.from_logits and self.layers[-1].activation == loss.pairs

    def loss_and_gradients(self, X: np.ndarray, y: np.ndarray, loss: str | Loss) -> float:
        """Forward pass, cost, and backpropagation: returns the cost; the gradients land in ``self.grads``.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> net = Network([Dense(1, activation="sigmoid", input_shape=(2,))])
        >>> round(net.loss_and_gradients(np.zeros((2, 2)), np.array([0.0, 1.0]), "binary_crossentropy"), 4)
        0.6931
        """
        func = f"{type(self).__name__}.loss_and_gradients"
        loss = get_loss(loss)
        X = self.check_X(X, func)
        y = self.check_labels(y, X.shape[0], loss, func)
        return self._step_gradients(X, y, loss)[0]

    def _step_gradients(self, X: np.ndarray, y: np.ndarray, loss: Loss) -> tuple[float, np.ndarray]:
        """Unchecked forward, cost and backward for a batch whose labels already fit the loss."""
        y_hat = self._forward(X)
        if self._fused(loss):
            self.backward(loss.logit_gradient(y, y_hat), wrt_logits=True)
            last = self.layers[-1]
            return loss.logit_value(y, last.logits, last.logsumexp), y_hat
        self.backward(loss.gradient(y, y_hat))
        return loss.value(y, y_hat), y_hat

    def _evaluate(self, X: np.ndarray, Y: np.ndarray, loss: Loss, metrics: Sequence[str] = ()) -> dict[str, float]:
        """The loss (and accuracy) over checked data, in chunks."""
        y_hat = self._predict(X)
        result = {"loss": float(loss.value(Y, y_hat))}
        if metrics:
            result["accuracy"] = count_correct(y_hat, class_numbers(Y)) / X.shape[0]
        return result

    # -- the one training loop ------------------------------------------------------------------
    def _set_training(self, training: bool) -> None:
        for layer in self.layers:
            layer.training = training

    def _train_step(self, X: np.ndarray, Y: np.ndarray, loss: Loss, optimizer: Optimizer) -> tuple[float, np.ndarray]:
        """Forward, backward and one optimizer step on a checked batch; returns the loss before the step."""
        cost, y_hat = self._step_gradients(X, Y, loss)
        if math.isfinite(cost):
            optimizer.apply(self.params, self.grads)
        return cost, y_hat

    def _restore_and_raise(
        self, X: np.ndarray, cost: float, where: str, saved: np.ndarray, optimizer: Optimizer
    ) -> None:
        """Raise ``FloatingPointError`` naming the step and the layer where NaN or infinity appeared,
        after putting the weights back to ``saved`` and resetting the optimizer (whose averages may
        hold infinities now), so the model can go on training with a smaller learning rate."""
        try:
            self._raise_where_nan_appeared(X, where)
            raise FloatingPointError(f"{where}: the loss became {cost}; try a smaller learning rate")
        except FloatingPointError as error:
            self.params[...] = saved
            optimizer.reset()
            raise FloatingPointError(
                f"{error}. The weights are back to what they were before this step or epoch, and the "
                "optimizer starts afresh"
            ) from None

    def _train_loop(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        *,
        loss: Loss,
        optimizer: Optimizer,
        epochs: int,
        batch_size: int,
        shuffle: bool = True,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        metrics: Sequence[str] = (),
        callbacks: Iterable[Callback] = (),
        verbose: int = 0,
        func: str = "train",
    ) -> None:
        """The epochs of :meth:`train` and :meth:`Sequential.fit <nnlib.models.Sequential.fit>`, on checked data.

        Each epoch takes the batches from :func:`~nnlib.batches.shuffled_batches` (the lesson 06
        generator) or, without shuffling, consecutive slices; every layer has ``training = True``
        meanwhile. The loss is checked after every step, the weights after every epoch; if they stop
        being finite, the weights go back to where the epoch started and ``FloatingPointError``
        names the epoch, the batch and the layer.
        """
        n = X.shape[0]
        batch_size = min(batch_size, n)
        callbacks = list(callbacks)
        params = {"verbose": verbose, "epochs": epochs, "steps": math.ceil(n / batch_size)}
        for callback in callbacks:
            callback.on_train_begin(params)
        targets = class_numbers(Y) if metrics else None
        self._set_training(True)
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is reported by layer instead
                for epoch in range(epochs):
                    for callback in callbacks:
                        callback.on_epoch_begin(epoch)
                    batches = shuffled_batches(n, batch_size, self.rng) if shuffle else batch_slices(n, batch_size)
                    where = f"{func}, epoch {epoch + 1}"
                    logs = self._train_epoch(X, Y, targets, batches, loss, optimizer, callbacks, where)
                    if validation is not None:
                        self._set_training(False)
                        val = self._evaluate(*validation, loss, metrics)
                        self._set_training(True)
                        logs.update({"val_" + key: value for key, value in val.items()})
                    for callback in callbacks:
                        callback.on_epoch_end(epoch, logs)
        finally:
            self._set_training(False)

    def _train_epoch(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        targets: np.ndarray | None,
        batches: Iterable[np.ndarray | slice],
        loss: Loss,
        optimizer: Optimizer,
        callbacks: list[Callback],
        where: str,
    ) -> dict[str, float]:
        """One pass over ``batches``; returns the epoch's mean loss (and accuracy if ``targets``)."""
        start_of_epoch = self.params.copy()
        total, correct, seen, step = 0.0, 0, 0, 0
        for step, rows in enumerate(batches, start=1):
            X_batch = X[rows]
            cost, y_hat = self._train_step(X_batch, Y[rows], loss, optimizer)
            if not math.isfinite(cost):
                self._restore_and_raise(X_batch, cost, f"{where}, batch {step}", start_of_epoch, optimizer)
            seen += y_hat.shape[0]
            total += cost * y_hat.shape[0]
            if targets is not None:
                correct += count_correct(y_hat, targets[rows])
            for callback in callbacks:
                callback.on_batch_end(step, {"loss": total / seen})
        if not all_finite(self.params):
            self._restore_and_raise(X_batch, math.nan, f"{where}, batch {step}", start_of_epoch, optimizer)
        logs = {"loss": total / seen}
        if targets is not None:
            logs["accuracy"] = correct / seen
        return logs

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
            If the cost or the weights become NaN or infinite, naming the epoch, the batch and the
            layer where it first appeared.
        """
        func = f"{type(self).__name__}.train"
        loss = get_loss(loss)
        X = self.check_X(X, func)
        y = self.check_labels(y, X.shape[0], loss, func)
        lr = as_learning_rate(lr, func=func)
        epochs = as_positive_int(epochs, func=func, name="epochs")
        n = X.shape[0]
        batch_size = n if batch_size is None else min(as_positive_int(batch_size, func=func, name="batch_size"), n)
        if validation is not None:
            X_val = self.check_X(validation[0], func)
            validation = (X_val, self.check_labels(validation[1], X_val.shape[0], loss, func))
        log = TrainingLog()
        self._train_loop(
            X,
            y,
            loss=loss,
            optimizer=SGD(learning_rate=lr),
            epochs=epochs,
            batch_size=batch_size,
            shuffle=batch_size < n,
            validation=validation,
            callbacks=[log],
            func=func,
        )
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
            shows_activation = not isinstance(layer, Activation) and layer.activation not in (None, "linear")
            name = repr(layer) + (f", {layer.activation}" if shows_activation else "")
            params = ", ".join(f"{n} {p.shape}" for n, p in zip(layer.param_names, layer.params, strict=True))
            rows.append((name, str((n_samples, *layer.output_shape)), params))
        return "\n".join(f"{a:<24} {b:<11} {c}".rstrip() for a, b, c in rows)
