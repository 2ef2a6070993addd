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
from collections.abc import Callable, Sequence
from os import PathLike
from pathlib import Path

import numpy as np

from nnlib._validation import all_finite, as_positive_int
from nnlib.batches import batch_indices
from nnlib.callbacks import Callback, History, ProgressBar
from nnlib.layers import Layer
from nnlib.losses import LOSSES, Loss, get_loss
from nnlib.metrics import METRICS, accuracy, class_numbers, count_correct
from nnlib.network import Network
from nnlib.optimizers import Optimizer, get_optimizer
from nnlib.weights_file import load_arrays, npz_path, save_arrays

# History, accuracy and batch_indices live in nnlib.callbacks, nnlib.metrics and nnlib.batches; they
# are importable from here too, where lesson 06 first meets them.
__all__ = ["METRICS", "History", "Sequential", "accuracy", "batch_indices"]


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
        if not self.built:
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
        if chosen_optimizer.serves_another(self.params):
            raise ValueError(
                f"{func}: this {type(chosen_optimizer).__name__} object already trains another model and holds "
                f"that model's state (moments, step count); give each model its own, e.g. "
                f"optimizer={type(chosen_optimizer).__name__}() or the name '{chosen_optimizer.name}'"
            )
        self.optimizer, self.loss = chosen_optimizer, chosen_loss
        self.metrics = ["accuracy"] if metrics else []

    def _require_compiled(self, func: str) -> tuple[Optimizer, Loss]:
        if self.optimizer is None or self.loss is None:
            raise RuntimeError(
                f"{func}: compile the model first, e.g. model.compile(optimizer='adam', "
                "loss='sparse_categorical_crossentropy', metrics=['accuracy'])"
            )
        return self.optimizer, self.loss

    def _checked(self, x: object, y: object, func: str) -> tuple[Optimizer, Loss, np.ndarray, np.ndarray]:
        """The compiled optimizer and loss, and ``x``/``y`` checked once against the model."""
        optimizer, loss = self._require_compiled(func)
        X = self.check_X(x, func)
        self.check_loss_fits_output(loss, func)
        return optimizer, loss, X, self.check_labels(y, X.shape[0], loss, func)

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
        callbacks: Sequence[Callback] | None = None,
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
            to measure ``val_loss`` and ``val_accuracy`` after each epoch. As in Keras, the first
            ``int(n * (1 - validation_split))`` samples are trained on: 1,221 samples at 0.15 keep
            1,037 and hold out 184.
        validation_data : (x_val, y_val), optional
            Held-out data to measure instead; it is never trained on.
        shuffle : bool, default True
            Shuffle the training samples before each epoch (with the model's seeded generator).
        callbacks : list of Callback, optional
            Called at the start and end of each epoch and after each batch (see :mod:`nnlib.callbacks`).

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
            If the loss or a weight becomes NaN or infinite, naming the epoch, the batch and the
            layer where it first appeared; the weights go back to where that epoch started.
        """
        func = "Sequential.fit"
        optimizer, loss, X, Y = self._checked(x, y, func)
        epochs = as_positive_int(epochs, func=func, name="epochs")
        batch_size = 32 if batch_size is None else as_positive_int(batch_size, func=func, name="batch_size")
        if verbose == "auto":  # Keras's default spelling
            verbose = 1
        if verbose not in (0, 1, 2) or isinstance(verbose, bool):
            raise ValueError(f"{func}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch)")
        if isinstance(validation_split, bool) or not isinstance(validation_split, (int, float)):
            raise TypeError(f"{func}: validation_split must be a number from 0 to 1, got {validation_split!r}")
        if not 0 <= validation_split < 1:
            raise ValueError(f"{func}: validation_split must be at least 0 and below 1, got {validation_split}")
        if callbacks is None:
            callbacks = []
        if not isinstance(callbacks, (list, tuple)) or not all(isinstance(c, Callback) for c in callbacks):
            raise TypeError(f"{func}: callbacks must be a list of Callback objects, got {callbacks!r}")
        validation = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError(f"{func}: validation_data must be a pair (x_val, y_val)")
            X_val = self.check_X(validation_data[0], f"{func} (validation_data)")
            validation = (
                X_val,
                self.check_labels(validation_data[1], X_val.shape[0], loss, f"{func} (validation_data)"),
            )
        elif validation_split > 0:
            n_train = int(X.shape[0] * (1 - validation_split))  # as Keras rounds: the rest is held out
            if n_train < 1 or n_train >= X.shape[0]:
                raise ValueError(
                    f"{func}: validation_split={validation_split} of {X.shape[0]} samples leaves "
                    f"{X.shape[0] - n_train} for validation; each part needs at least one"
                )
            validation = (X[n_train:], Y[n_train:])
            X, Y = X[:n_train], Y[:n_train]
        history = History()
        self._train_loop(
            X,
            Y,
            loss=loss,
            optimizer=optimizer,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=shuffle,
            validation=validation,
            metrics=self.metrics,
            callbacks=[history, *callbacks, ProgressBar(verbose)],
            verbose=verbose,
            func=func,
        )
        return history

    def train_on_batch(self, x: np.ndarray, y: np.ndarray) -> float | list[float]:
        """One optimizer step on one batch; returns the batch's loss (and accuracy) before the step.

        If the step makes a weight NaN or infinite, the weights are put back as they were and a
        ``FloatingPointError`` names the layer.

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> model = Sequential([Dense(1, activation="sigmoid", input_shape=(2,))])
        >>> model.compile(optimizer="sgd", loss="binary_crossentropy")
        >>> round(model.train_on_batch(np.zeros((4, 2)), np.array([0, 1, 0, 1])), 4)
        0.6931
        """
        func = "Sequential.train_on_batch"
        optimizer, loss, X, Y = self._checked(x, y, func)
        before = self.params.copy()
        self._set_training(True)
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                cost, y_hat = self._train_step(X, Y, loss, optimizer)
                if not math.isfinite(cost) or not all_finite(self.params):
                    self._restore_and_raise(X, cost, func, before, optimizer)
        finally:
            self._set_training(False)
        if not self.metrics:
            return float(cost)
        return [float(cost), count_correct(y_hat, class_numbers(Y)) / X.shape[0]]

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
        X = self.check_X(x, "Sequential.predict")
        return self._predict(X).copy()

    def evaluate(
        self, x: np.ndarray, y: np.ndarray, batch_size: int | None = None, verbose: int = 0
    ) -> float | list[float]:
        """The loss on ``(x, y)``, and ``[loss, accuracy]`` when compiled with ``metrics=["accuracy"]``.

        Both are measured over all of ``x`` at once (in large chunks); ``batch_size`` and ``verbose``
        are accepted for Keras's sake.

        The loss is computed from the predicted probabilities, clipped to ``[1e-7, 1 - 1e-7]`` as
        Keras does, while training (``fit``, ``train_on_batch``) computes the same cross-entropy
        from the last layer's weighted sums, which needs no clipping. The two agree except on
        samples the model gets confidently wrong beyond that clip: for a softmax over the logits
        ``[50, 0]`` with label 1, training reports 50.0 (exact) and ``evaluate`` about 16.1
        (``-log(1e-7)``).

        Examples
        --------
        >>> from nnlib.layers import Dense
        >>> model = Sequential([Dense(2, activation="softmax", input_shape=(3,))])
        >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        >>> loss, accuracy = model.evaluate(np.zeros((4, 3)), np.array([0, 1, 0, 1]))
        >>> round(loss, 4), accuracy
        (0.6931, 0.5)
        """
        _, loss, X, Y = self._checked(x, y, "Sequential.evaluate")
        result = self._evaluate(X, Y, loss, self.metrics)
        return [result["loss"], result["accuracy"]] if self.metrics else result["loss"]

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
                f"{func}: expected {len(slots)} arrays (a kernel and a bias per Dense or Conv1D layer), "
                f"got {len(weights)}"
            )
        arrays = []
        for number, (value, (layer, name, p)) in enumerate(zip(weights, slots, strict=True), start=1):
            try:
                array = np.asarray(value)
            except (TypeError, ValueError):
                array = np.empty(0, dtype=object)
            if array.dtype.kind not in "biuf":
                raise TypeError(
                    f"{func}: weight {number} ({name} of layer {layer.name}) must be numbers, got dtype {array.dtype}"
                )
            array = array.astype(self.dtype, copy=False)
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
        :meth:`load_weights` can refuse a file saved from a different model. The weights are written
        to a temporary file in the same folder that then replaces the old file in one step, so an
        interrupted save (Ctrl-C, a killed kernel) leaves the previous file as it was.

        Examples
        --------
        >>> import tempfile
        >>> from nnlib.layers import Dense
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = model.save_weights(Path(folder) / "model")
        ...     model.load_weights(path)
        ...     path.name
        'model.npz'
        """
        func = "Sequential.save_weights"
        self._require_built(func)
        return save_arrays(npz_path(filepath), self._layout(), self.get_weights(), func)

    def load_weights(self, filepath: str | PathLike) -> None:
        """Load weights saved by :meth:`save_weights` (never unpickling anything).

        Every array is checked (a numeric type, the model's shapes, finite numbers) before any weight
        is written, so a bad file leaves the model unchanged.

        Raises
        ------
        FileNotFoundError
            If there is no such file.
        ValueError
            If the file is empty, truncated, not an ``.npz`` file, holds pickled objects or text
            instead of numbers, or was saved from a different architecture.
        """
        func = "Sequential.load_weights"
        self._require_built(func)
        path = npz_path(filepath)
        layout, weights = load_arrays(path, func)
        mine = self._layout()
        if layout != mine:
            raise ValueError(
                f"{func}: {path} holds weights of a different architecture:\n"
                f"    file:  {'; '.join(layout)}\n    model: {'; '.join(mine)}"
            )
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
        names = [f"{layer.name} ({type(layer).__name__})" for layer in self.layers]
        first = max(28, *(len(name) + 2 for name in names))  # Keras's widths, wider for long names
        width = first + 37
        rule = "_" * width
        lines = [f'Model: "{self.name}"', rule, f" {'Layer (type)':<{first}}{'Output Shape':<26}Param #", "=" * width]
        for name, layer in zip(names, self.layers, strict=True):
            shape = str((None, *layer.output_shape))
            lines.append(f" {name:<{first - 1}} {shape:<26}{layer.count_params():,}")
        total = self.count_params()
        lines += ["=" * width, f"Total params: {total:,}", f"Trainable params: {total:,}"]
        lines += ["Non-trainable params: 0", rule]
        (print_fn or print)("\n".join(lines))

    def __repr__(self) -> str:
        return f"Sequential([{', '.join(repr(layer) for layer in self.layers)}])"
