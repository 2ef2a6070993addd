"""``Sequential``: a Keras-like model built on lesson 05's layers and network.

The names and the behaviour follow Keras, so that moving on to the real thing is a change of import::

    model = Sequential([Flatten(input_shape=(8, 8)), Dense(128, activation="relu"), Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X_train, y_train, epochs=10, batch_size=32, validation_split=0.1)
    loss, accuracy = model.evaluate(X_test, y_test)

``Sequential`` is lesson 05's :class:`~nnlib.network.Network` (same forward pass, same
backpropagation, every parameter in one flat array) with Keras's training interface on top, and
float32 numbers by default for speed. Everything a learner can get wrong is checked once, at the
public entry (``fit``, ``evaluate``, ``predict``, ``set_weights``, ``load_weights``), before any
weight changes: a bad call raises a clear error and leaves the model as it was. The training loop
itself runs unchecked kernels.

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from nnlib.layers import Layer
from nnlib.losses import LOSSES, Loss, get_loss
from nnlib.network import Network, _positive_int
from nnlib.optimizers import Optimizer, get_optimizer

__all__ = ["METRICS", "History", "Sequential", "accuracy", "batch_indices"]

#: The metric names ``compile`` accepts (``"acc"`` is Keras's short name for ``"accuracy"``).
METRICS = ("accuracy", "acc")

#: Rows per chunk when predicting or evaluating, so big data sets need little memory.
_CHUNK = 4096


class History:
    """What :meth:`Sequential.fit` returns: the metrics of every epoch.

    Attributes
    ----------
    history : dict of str to list of float
        ``loss`` (and ``accuracy`` if compiled with it), plus ``val_loss`` and ``val_accuracy``
        when there is validation data; one value per epoch.
    epoch : list of int
        The epoch numbers, counting from 0 as Keras does.
    params : dict
        ``epochs``, ``steps`` (batches per epoch) and ``verbose`` of the ``fit`` call.

    Examples
    --------
    >>> h = History()
    >>> h.history["loss"] = [0.5, 0.25]
    >>> h
    History(epochs=2, loss=0.25)

    Introduced in lesson 06 (build your own Keras).
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.params: dict[str, int] = {}

    def __repr__(self) -> str:
        last = ", ".join(f"{key}={values[-1]:.4g}" for key, values in self.history.items() if values)
        n = len(next(iter(self.history.values()), []))
        return f"History(epochs={n}{', ' + last if last else ''})"


class Sequential(Network):
    """A stack of layers with Keras's ``compile``/``fit``/``evaluate``/``predict``.

    Parameters
    ----------
    layers : list of Layer, optional
        The layers, first to last; or start empty and :meth:`add` them one by one.
    seed : int or numpy.random.Generator, default 0
        Seeds the initial weights and the shuffling: the same seed gives the same model and the
        same training run.
    name : str, default "sequential"
    dtype : numpy float type, default float32
        float32 is Keras's default: half the memory of float64, and faster matrix products.

    Examples
    --------
    >>> from nnlib.layers import Dense
    >>> model = Sequential([Dense(4, activation="relu", input_shape=(3,)), Dense(2, activation="softmax")])
    >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    >>> X, y = np.random.default_rng(0).normal(size=(20, 3)), np.arange(20) % 2
    >>> history = model.fit(X, y, epochs=3, batch_size=8, verbose=0)
    >>> sorted(history.history), len(history.history["loss"])
    (['accuracy', 'loss'], 3)
    >>> model.predict(X[:2]).shape
    (2, 2)

    Introduced in lesson 06 (build your own Keras).
    """

    def __init__(
        self,
        layers: Sequence[Layer] | None = None,
        *,
        seed: int | np.random.Generator = 0,
        name: str = "sequential",
        dtype: type = np.float32,
    ) -> None:
        if layers is not None and (isinstance(layers, Layer) or not isinstance(layers, (list, tuple))):
            raise TypeError(
                f"Sequential: layers must be a list such as [Dense(8), Dense(1)], got {type(layers).__name__}"
            )
        if not np.issubdtype(np.dtype(dtype), np.floating):
            raise TypeError(f"Sequential: dtype must be a float type such as np.float32, got {dtype!r}")
        self.name = name
        self.optimizer: Optimizer | None = None
        self.loss: Loss | None = None
        self.metrics: list[str] = []
        self._last_output: np.ndarray | None = None
        super().__init__(layers or (), seed=seed, dtype=dtype)

    # -- building ---------------------------------------------------------------------------------
    def add(self, layer: Layer) -> None:
        """Append a layer, as ``model.add(Dense(32, activation="relu"))``.

        Layers get unique names as in Keras (``dense``, ``dense_1``, ...). Adding to a model that is
        already built keeps the weights of the layers it has and creates the new layer's.

        Raises
        ------
        TypeError
            If ``layer`` is not a layer (a class instead of an instance, say).
        """
        if isinstance(layer, type) and issubclass(layer, Layer):
            raise TypeError(f"Sequential.add: expected a layer such as {layer.__name__}(...), got the class itself")
        if not isinstance(layer, Layer):
            raise TypeError(f"Sequential.add: expected a layer such as Dense(8), got {type(layer).__name__}")
        if any(existing is layer for existing in self.layers):
            raise ValueError(f"Sequential.add: {layer!r} is already in this model; create a new layer")
        used = {existing.name for existing in self.layers}
        if layer.name in used:
            base, number = layer.name, 1
            while f"{base}_{number}" in used:
                number += 1
            layer.name = f"{base}_{number}"
        if not getattr(self, "built", False):
            self.layers.append(layer)
            return
        kept = self.get_weights()
        self.layers.append(layer)
        self.build(self.layers[0].input_shape)
        self._assign(kept, trainable=[lay for lay in self.layers[:-1] if lay.params])
        if self.optimizer is not None:
            self.optimizer.reset()

    def build(self, input_shape: Sequence[int | None] | int) -> None:
        """Create the weights for samples of ``input_shape``.

        Keras's ``(None, 64)``, with the batch size left open, and a sample's shape ``(64,)`` both
        work. Models whose first layer declares ``input_shape`` build themselves.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> model = Sequential([Dense(2)])
        >>> model.build((None, 3))
        >>> model.get_weights()[0].shape
        (3, 2)
        """
        if isinstance(input_shape, (tuple, list)) and input_shape and input_shape[0] is None:
            input_shape = tuple(input_shape[1:])
        if not self.layers:
            raise ValueError("Sequential.build: the model has no layers yet; add some first")
        super().build(input_shape)

    def _require_built(self, func: str) -> None:
        if self.built:
            return
        declared = self.layers[0]._declared_input if self.layers else None
        if declared is None:
            raise ValueError(
                f"{func}: the model has no weights yet, because it does not know its input's shape. Give the "
                "first layer input_shape=(n_features,), call model.build((None, n_features)) or fit it first"
            )
        self.build(declared)

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """Network's unchecked forward pass, keeping the output for the accuracy of a training batch."""
        out = self._last_output = super()._forward(X)
        return out

    # -- compiling --------------------------------------------------------------------------------
    def compile(
        self,
        optimizer: str | Optimizer = "rmsprop",
        loss: str | Loss | None = None,
        metrics: Sequence[str] | None = None,
    ) -> None:
        """Choose how the model learns: the optimizer, the loss to minimise, and what to report.

        Parameters
        ----------
        optimizer : str or Optimizer, default "rmsprop"
            ``"sgd"``, ``"adagrad"``, ``"rmsprop"``, ``"adam"`` (Keras's defaults) or an object such
            as ``Adam(learning_rate=0.01)``.
        loss : str or Loss
            ``"mse"``, ``"binary_crossentropy"``, ``"categorical_crossentropy"`` or
            ``"sparse_categorical_crossentropy"``.
        metrics : list of str, optional
            ``["accuracy"]`` or nothing.

        Raises
        ------
        ValueError
            For an unknown name, listing the valid ones.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> Sequential([Dense(1, input_shape=(2,))]).compile(optimizer="adamm", loss="mse")
        Traceback (most recent call last):
        ...
        ValueError: Sequential.compile: unknown optimizer 'adamm'; choose one of sgd, adagrad, rmsprop, adam, or pass an object such as Adam(learning_rate=0.01)
        """  # noqa: E501
        func = "Sequential.compile"
        chosen_optimizer = get_optimizer(optimizer, func)
        if loss is None:
            raise ValueError(f"{func}: choose a loss, e.g. loss='sparse_categorical_crossentropy'")
        if isinstance(loss, Loss):
            chosen_loss = loss
        elif isinstance(loss, str) and loss.lower() in LOSSES:
            chosen_loss = get_loss(loss)
        else:
            raise ValueError(f"{func}: unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
        if metrics is None:
            metrics = []
        if isinstance(metrics, str) or not isinstance(metrics, (list, tuple)):
            raise TypeError(f"{func}: metrics must be a list such as ['accuracy'], got {metrics!r}")
        for metric in metrics:
            if not isinstance(metric, str) or metric.lower() not in METRICS:
                raise ValueError(f"{func}: unknown metric {metric!r}; choose 'accuracy' (or 'acc')")
        self.optimizer, self.loss = chosen_optimizer, chosen_loss
        self.metrics = ["accuracy"] if metrics else []

    def _require_compiled(self, func: str) -> tuple[Optimizer, Loss]:
        if self.optimizer is None or self.loss is None:
            raise RuntimeError(
                f"{func}: compile the model first, e.g. model.compile(optimizer='adam', "
                "loss='sparse_categorical_crossentropy', metrics=['accuracy'])"
            )
        return self.optimizer, self.loss

    # -- checking data (once per call, never inside the loop) --------------------------------------
    def _inputs(self, X: object, func: str) -> np.ndarray:
        """``X`` as a finite array of the model's dtype with the right shape (building if needed)."""
        if X is None or isinstance(X, (str, bytes)):
            raise TypeError(f"{func}: X must be an array of numbers, got {type(X).__name__}")
        array = np.asarray(X)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"{func}: X must be numbers, got an array of dtype {array.dtype}")
        if array.ndim < 2 or array.shape[0] == 0:
            raise ValueError(f"{func}: expected a batch X of shape (n_samples, ...), got shape {array.shape}")
        if not self.built:
            if not self.layers:
                raise ValueError(f"{func}: the model has no layers yet; add some first")
            self.build(self.layers[0]._declared_input or array.shape[1:])
        try:
            self.layers[0].check_input(array.shape)
        except ValueError as error:
            raise ValueError(f"{func}: {error}") from None
        array = np.ascontiguousarray(array, dtype=self.dtype)
        if not np.isfinite(array).all():
            raise ValueError(f"{func}: X contains NaN or infinity; every value must be a finite number")
        return array

    def _labels(self, y: object, n: int, loss: Loss, func: str) -> np.ndarray:
        """Labels that fit ``loss`` and the model's output, as an array of the model's dtype."""
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

    # -- training ---------------------------------------------------------------------------------
    def fit(
        self,
        x: np.ndarray,
        y: np.ndarray,
        *,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = 1,
        validation_split: float = 0.0,
        validation_data: tuple[np.ndarray, np.ndarray] | None = None,
        shuffle: bool = True,
    ) -> History:
        """Train for ``epochs`` passes over the data, one optimizer step per mini-batch.

        Parameters
        ----------
        x : ndarray, shape (n_samples, ...)
        y : ndarray
            Labels that fit the loss: class numbers ``(n_samples,)`` for
            ``sparse_categorical_crossentropy``, one-hot rows for ``categorical_crossentropy``.
        batch_size : int, default 32
        epochs : int, default 1
        verbose : {0, 1, 2, "auto"}, default 1
            0 is silent; 1 shows a progress bar per epoch (a widget in Jupyter, so the notebook's
            stored text output stays the same from run to run); 2 prints one line per epoch;
            ``"auto"`` means 1, as in Keras.
        validation_split : float in [0, 1)
            The fraction of the data, taken from the end before shuffling (as Keras does), held out
            to measure ``val_loss`` and ``val_accuracy`` after each epoch.
        validation_data : (x_val, y_val), optional
            Held-out data to measure instead; it is never trained on.
        shuffle : bool, default True
            Shuffle the training samples before each epoch (with the model's seeded generator).

        Returns
        -------
        History
            ``history.history["loss"]`` etc.: the mean over the epoch's batches, as Keras reports
            them; validation metrics are measured after the epoch.

        Raises
        ------
        RuntimeError
            If the model is not compiled.
        ValueError, TypeError
            For data that does not fit the model or the loss; the weights are left unchanged.
        FloatingPointError
            If the loss becomes NaN or infinite, naming the layer where it first appeared.
        """
        func = "Sequential.fit"
        optimizer, loss = self._require_compiled(func)
        X = self._inputs(x, func)
        Y = self._labels(y, X.shape[0], loss, func)
        epochs = _positive_int(epochs, func, "epochs")
        batch_size = 32 if batch_size is None else _positive_int(batch_size, func, "batch_size")
        if verbose == "auto":  # Keras's default spelling
            verbose = 1
        if verbose not in (0, 1, 2) or isinstance(verbose, bool):
            raise ValueError(f"{func}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch)")
        if isinstance(validation_split, bool) or not isinstance(validation_split, (int, float)):
            raise TypeError(f"{func}: validation_split must be a number from 0 to 1, got {validation_split!r}")
        if not 0 <= validation_split < 1:
            raise ValueError(f"{func}: validation_split must be at least 0 and below 1, got {validation_split}")
        X_val = Y_val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError(f"{func}: validation_data must be a pair (x_val, y_val)")
            X_val = self._inputs(validation_data[0], f"{func} (validation_data)")
            Y_val = self._labels(validation_data[1], X_val.shape[0], loss, f"{func} (validation_data)")
        elif validation_split > 0:
            n_val = int(X.shape[0] * validation_split)
            if n_val < 1 or n_val >= X.shape[0]:
                raise ValueError(
                    f"{func}: validation_split={validation_split} of {X.shape[0]} samples leaves "
                    f"{n_val} for validation; each part needs at least one"
                )
            X, X_val = X[:-n_val], X[-n_val:]
            Y, Y_val = Y[:-n_val], Y[-n_val:]

        n = X.shape[0]
        batch_size = min(batch_size, n)
        steps = math.ceil(n / batch_size)
        history = History()
        history.params = {"verbose": verbose, "epochs": epochs, "steps": steps}
        keys = ["loss"] + (["accuracy"] if self.metrics else [])
        if X_val is not None:
            keys += ["val_" + key for key in keys]
        history.history = {key: [] for key in keys}
        targets = _class_numbers(Y)
        with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is reported below, by layer
            return self._fit_loop(X, Y, X_val, Y_val, targets, epochs, batch_size, steps, verbose, shuffle, history)

    def _fit_loop(self, X, Y, X_val, Y_val, targets, epochs, batch_size, steps, verbose, shuffle, history) -> History:
        """The epochs of :meth:`fit`, on data that is already checked."""
        func, optimizer, loss, n = "Sequential.fit", self.optimizer, self.loss, X.shape[0]
        for epoch in range(epochs):
            bar = _progress_bar(epoch, epochs, steps) if verbose == 1 else None
            order = self.rng.permutation(n) if shuffle else np.arange(n)
            total_loss, correct, where = 0.0, 0, f"{func}, epoch {epoch + 1}"
            for step, start in enumerate(range(0, n, batch_size), start=1):
                rows = order[start : start + batch_size]
                cost = self._train_step(X[rows], Y[rows], loss, optimizer, where)
                total_loss += cost * rows.size
                if self.metrics:
                    correct += _count_correct(self._last_output, targets[rows])
                if bar is not None:
                    bar.update(step, total_loss / min(start + batch_size, n))
            logs = {"loss": total_loss / n}
            if self.metrics:
                logs["accuracy"] = correct / n
            if X_val is not None:
                val = self._evaluate(X_val, Y_val, loss)
                logs.update({"val_" + key: value for key, value in val.items()})
            for key, value in logs.items():
                history.history[key].append(float(value))
            history.epoch.append(epoch)
            summary = " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
            if bar is not None:
                bar.close(summary)
            elif verbose == 2:
                print(f"Epoch {epoch + 1}/{epochs} - {summary}")
        return history

    def _train_step(self, X: np.ndarray, Y: np.ndarray, loss: Loss, optimizer: Optimizer, where: str) -> float:
        """Forward, backward and one optimizer step on a batch that is already checked."""
        cost = self._step_gradients(X, Y, loss)
        if not math.isfinite(cost):
            self._raise_where_nan_appeared(X)
            raise FloatingPointError(f"{where}: the loss became {cost}; try a smaller learning rate")
        optimizer.apply(self.params, self.grads)
        return cost

    def train_on_batch(self, x: np.ndarray, y: np.ndarray) -> float | list[float]:
        """One optimizer step on one batch; returns the batch's loss (and accuracy) before the step.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> model = Sequential([Dense(1, activation="sigmoid", input_shape=(2,))])
        >>> model.compile(optimizer="sgd", loss="binary_crossentropy")
        >>> round(model.train_on_batch(np.zeros((4, 2)), np.array([0, 1, 0, 1])), 4)
        0.6931
        """
        func = "Sequential.train_on_batch"
        optimizer, loss = self._require_compiled(func)
        X = self._inputs(x, func)
        Y = self._labels(y, X.shape[0], loss, func)
        cost = self._train_step(X, Y, loss, optimizer, func)
        if not self.metrics:
            return float(cost)
        return [float(cost), _count_correct(self._last_output, _class_numbers(Y)) / X.shape[0]]

    # -- using a trained model --------------------------------------------------------------------
    def predict(self, x: np.ndarray, batch_size: int | None = None, verbose: int = 0) -> np.ndarray:
        """The model's outputs for ``x`` (probabilities for a softmax model), checked for NaN.

        ``batch_size`` and ``verbose`` are accepted for Keras's sake; prediction runs in large chunks.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> Sequential([Dense(2, input_shape=(3,))]).predict(np.ones((1, 4)))
        Traceback (most recent call last):
        ...
        ValueError: Sequential.predict: Dense(2): expected input with 3 features, got 4
        """
        X = self._inputs(x, "Sequential.predict")
        return self._predict(X)

    def _predict(self, X: np.ndarray) -> np.ndarray:
        parts = [self._forward(X[start : start + _CHUNK]).copy() for start in range(0, X.shape[0], _CHUNK)]
        out = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if not np.isfinite(out).all():
            self._raise_where_nan_appeared(X)
        return out

    def evaluate(
        self, x: np.ndarray, y: np.ndarray, batch_size: int | None = None, verbose: int = 0
    ) -> float | list[float]:
        """The loss on ``(x, y)``, and ``[loss, accuracy]`` when compiled with ``metrics=["accuracy"]``.

        Both are measured over all of ``x`` at once (in large chunks); ``batch_size`` and ``verbose``
        are accepted for Keras's sake.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> model = Sequential([Dense(2, activation="softmax", input_shape=(3,))])
        >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        >>> loss, accuracy = model.evaluate(np.zeros((4, 3)), np.array([0, 1, 0, 1]))
        >>> round(loss, 4), accuracy
        (0.6931, 0.5)
        """
        func = "Sequential.evaluate"
        _, loss = self._require_compiled(func)
        X = self._inputs(x, func)
        Y = self._labels(y, X.shape[0], loss, func)
        result = self._evaluate(X, Y, loss)
        return [result["loss"], result["accuracy"]] if self.metrics else result["loss"]

    def _evaluate(self, X: np.ndarray, Y: np.ndarray, loss: Loss) -> dict[str, float]:
        y_hat = self._predict(X)
        result = {"loss": float(loss.value(Y, y_hat))}
        if self.metrics:
            result["accuracy"] = _count_correct(y_hat, _class_numbers(Y)) / X.shape[0]
        return result

    # -- weights ----------------------------------------------------------------------------------
    def get_weights(self) -> list[np.ndarray]:
        """Copies of every weight array, in Keras's order: ``[kernel (in, out), bias (out,), ...]``.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> [w.shape for w in Sequential([Dense(3, input_shape=(2,)), Dense(1)]).get_weights()]
        [(2, 3), (3,), (3, 1), (1,)]
        """
        self._require_built("Sequential.get_weights")
        return [p.copy() for layer in self.layers for p in layer.params]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Replace every weight array, in the order :meth:`get_weights` gives.

        Every array is checked (count, shape, finite numbers) before any is written, so a wrong
        list leaves the model unchanged.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.set_weights([np.ones((2, 1)), np.zeros(1)])
        >>> model.predict(np.array([[1.0, 2.0]]))
        array([[3.]], dtype=float32)
        >>> model.set_weights([np.ones((1, 2)), np.zeros(1)])
        Traceback (most recent call last):
        ...
        ValueError: Sequential.set_weights: weight 1 (kernel of layer dense) must have shape (2, 1), got (1, 2)
        """
        self._require_built("Sequential.set_weights")
        self._assign(weights, [layer for layer in self.layers if layer.params], "Sequential.set_weights")

    def _assign(self, weights: Sequence[np.ndarray], trainable: list[Layer], func: str = "Sequential.add") -> None:
        slots = [
            (layer, name, p) for layer in trainable for name, p in zip(layer.param_names, layer.params, strict=True)
        ]
        if isinstance(weights, np.ndarray) or not isinstance(weights, (list, tuple)):
            raise TypeError(f"{func}: expected a list of arrays (as get_weights returns), got {type(weights).__name__}")
        if len(weights) != len(slots):
            raise ValueError(
                f"{func}: expected {len(slots)} arrays (a kernel and a bias per Dense layer), got {len(weights)}"
            )
        arrays = []
        for number, (value, (layer, name, p)) in enumerate(zip(weights, slots, strict=True), start=1):
            try:
                array = np.asarray(value, dtype=self.dtype)
            except (TypeError, ValueError):
                raise TypeError(f"{func}: weight {number} ({name} of layer {layer.name}) must be numbers") from None
            if array.shape != p.shape:
                raise ValueError(
                    f"{func}: weight {number} ({name} of layer {layer.name}) must have shape {p.shape}, "
                    f"got {array.shape}"
                )
            if not np.isfinite(array).all():
                raise ValueError(f"{func}: weight {number} ({name} of layer {layer.name}) contains NaN or infinity")
            arrays.append(array)
        for array, (_, _, p) in zip(arrays, slots, strict=True):
            p[...] = array

    def _layout(self) -> list[str]:
        return [
            f"{type(layer).__name__}.{name} {p.shape}"
            for layer in self.layers
            for name, p in zip(layer.param_names, layer.params, strict=True)
        ]

    def save_weights(self, filepath: str | PathLike) -> Path:
        """Save every weight to a NumPy ``.npz`` file (no pickle); returns the path written.

        ``.npz`` is added to the name if it is missing. The file also records the architecture, so
        :meth:`load_weights` can refuse a file saved from a different model.
        """
        self._require_built("Sequential.save_weights")
        path = _npz_path(filepath)
        arrays = {f"weight_{i:03d}": w for i, w in enumerate(self.get_weights())}
        np.savez(path, layout=np.array(self._layout()), **arrays)
        return path

    def load_weights(self, filepath: str | PathLike) -> None:
        """Load weights saved by :meth:`save_weights` (``allow_pickle=False``).

        Raises
        ------
        FileNotFoundError
            If there is no such file.
        ValueError
            If the file was saved from a different architecture (the model is left unchanged).
        """
        func = "Sequential.load_weights"
        self._require_built(func)
        path = _npz_path(filepath)
        if not path.exists():
            raise FileNotFoundError(f"{func}: no file {path}")
        with np.load(path, allow_pickle=False) as data:
            if "layout" not in data.files:
                raise ValueError(f"{func}: {path} was not written by save_weights (it has no layout record)")
            layout = [str(s) for s in data["layout"]]
            mine = self._layout()
            if layout != mine:
                raise ValueError(
                    f"{func}: {path} holds weights of a different architecture:\n"
                    f"    file:  {'; '.join(layout)}\n    model: {'; '.join(mine)}"
                )
            weights = [data[f"weight_{i:03d}"] for i in range(len(layout))]
        self._assign(weights, [layer for layer in self.layers if layer.params], func)

    # -- describing -------------------------------------------------------------------------------
    def summary(self, print_fn: Callable[[str], None] | None = None) -> None:
        """Print the layer table as Keras does: each layer's output shape and parameter count.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> Sequential([Dense(4, activation="relu", input_shape=(3,)), Dense(2)]).summary()
        Model: "sequential"
        _________________________________________________________________
         Layer (type)                Output Shape              Param #
        =================================================================
         dense (Dense)               (None, 4)                 16
         dense_1 (Dense)             (None, 2)                 10
        =================================================================
        Total params: 26
        Trainable params: 26
        Non-trainable params: 0
        _________________________________________________________________
        """
        self._require_built("Sequential.summary")
        rule = "_" * 65
        lines = [f'Model: "{self.name}"', rule, f" {'Layer (type)':<28}{'Output Shape':<26}Param #", "=" * 65]
        for layer in self.layers:
            shape = str((None, *layer.output_shape))
            lines.append(f" {f'{layer.name} ({type(layer).__name__})':<27} {shape:<26}{layer.count_params():,}")
        total = self.count_params()
        lines += ["=" * 65, f"Total params: {total:,}", f"Trainable params: {total:,}", "Non-trainable params: 0", rule]
        (print_fn or print)("\n".join(lines))

    def __repr__(self) -> str:
        return f"Sequential([{', '.join(repr(layer) for layer in self.layers)}])"


def batch_indices(n_samples: int, batch_size: int, seed: int) -> list[np.ndarray]:
    """Shuffled sample numbers cut into mini-batches; the last batch may be smaller.

    The same cut :meth:`Sequential.fit` makes each epoch (it shuffles with the model's generator).

    Examples
    --------
    >>> [batch.tolist() for batch in batch_indices(5, 2, seed=0)]
    [[2, 4], [3, 0], [1]]

    Introduced in lesson 06 (build your own Keras).
    """
    order = np.random.default_rng(seed).permutation(n_samples)
    return [order[start : start + batch_size] for start in range(0, n_samples, batch_size)]


def accuracy(y_true: np.ndarray, probabilities: np.ndarray) -> float:
    """The fraction of samples whose most probable class is their label.

    Parameters
    ----------
    y_true : array_like, shape (n_samples,)
        Class numbers.
    probabilities : array_like, shape (n_samples, n_classes)

    Examples
    --------
    >>> accuracy(np.array([0, 1]), np.array([[0.9, 0.1], [0.8, 0.2]]))
    0.5

    Introduced in lesson 06 (build your own Keras).
    """
    y_true, probabilities = np.asarray(y_true), np.asarray(probabilities)
    if probabilities.ndim != 2 or y_true.shape != (probabilities.shape[0],):
        raise ValueError(
            f"accuracy: expected y_true of shape (n_samples,) and probabilities of shape (n_samples, n_classes), "
            f"got {y_true.shape} and {probabilities.shape}"
        )
    return float(np.mean(probabilities.argmax(axis=1) == y_true))


def _npz_path(filepath: str | PathLike) -> Path:
    path = Path(filepath)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def _class_numbers(Y: np.ndarray) -> np.ndarray:
    """The class of each label row: the column of the 1 (one-hot), or 0/1 for a single output."""
    if Y.ndim == 2 and Y.shape[1] > 1:
        return Y.argmax(axis=1)
    return (Y.reshape(Y.shape[0], -1)[:, 0] > 0.5).astype(np.intp)


def _count_correct(y_hat: np.ndarray, classes: np.ndarray) -> int:
    if y_hat.ndim == 2 and y_hat.shape[1] > 1:
        return int(np.count_nonzero(y_hat.argmax(axis=1) == classes))
    return int(np.count_nonzero((y_hat.reshape(y_hat.shape[0], -1)[:, 0] > 0.5) == classes))


def _progress_bar(epoch: int, epochs: int, steps: int) -> Any:
    """A widget bar inside Jupyter (its stored text is fixed), a text bar on stdout elsewhere."""
    if _in_jupyter():
        try:
            from nnlib.widgets.progress import EpochBar
        except ImportError:  # pragma: no cover - ipywidgets is a dependency of the course
            pass
        else:
            return EpochBar(f"Epoch {epoch + 1}/{epochs}", steps)
    return _TextBar(f"Epoch {epoch + 1}/{epochs}", steps)


def _in_jupyter() -> bool:
    """True inside a Jupyter kernel (where widgets can be shown), False in a terminal or a test."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


class _TextBar:
    """A one-line progress bar redrawn with a carriage return (for terminals)."""

    def __init__(self, title: str, steps: int, width: int = 30) -> None:
        self.title, self.steps, self.width = title, steps, width
        self.every = max(1, steps // 30)

    def update(self, step: int, loss: float) -> None:
        if step % self.every == 0 or step == self.steps:
            done = self.width * step // self.steps
            bar = "=" * done + "." * (self.width - done)
            sys.stdout.write(f"\r{self.title} [{bar}] {step}/{self.steps} - loss: {loss:.4f}")
            sys.stdout.flush()

    def close(self, summary: str) -> None:
        sys.stdout.write(f"\r{self.title} [{'=' * self.width}] {self.steps}/{self.steps} - {summary}\n")
        sys.stdout.flush()
