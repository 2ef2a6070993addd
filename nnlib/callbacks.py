"""Callbacks: what the training loop tells the outside world, as Keras's ``fit(callbacks=...)`` does.

The loop in :class:`~nnlib.network.Network` calls every callback at the start of training, at the
start and end of each epoch and after each batch, with the numbers measured so far (``logs``). The
:class:`History` that ``fit`` returns and the progress display are callbacks; so is anything you
write yourself::

    class PrintLoss(Callback):
        def on_epoch_end(self, epoch, logs):
            print(epoch, logs["loss"])

The core never imports a display library: :class:`ProgressBar` draws a text bar, and
``nnlib.widgets`` (when imported) installs a widget bar for Jupyter through :func:`use_progress_bar`.

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Protocol, TextIO

__all__ = ["Callback", "History", "ProgressBar", "TextBar", "use_progress_bar"]


class Callback:
    """Base class: override the moments you care about; each does nothing by default.

    Introduced in lesson 06 (build your own Keras).
    """

    def on_train_begin(self, params: Mapping[str, int]) -> None:
        """Training starts; ``params`` holds ``epochs``, ``steps`` (batches per epoch) and ``verbose``."""

    def on_epoch_begin(self, epoch: int) -> None:
        """Epoch ``epoch`` (counting from 0) starts."""

    def on_batch_end(self, step: int, logs: Mapping[str, float]) -> None:
        """Batch ``step`` (counting from 1) is done; ``logs["loss"]`` is the epoch's running mean."""

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float]) -> None:
        """Epoch ``epoch`` is done; ``logs`` holds its metrics (and the validation ones)."""


class History(Callback):
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
    >>> h.on_epoch_end(0, {"loss": 0.5})
    >>> h.on_epoch_end(1, {"loss": 0.25})
    >>> h
    History(epochs=2, loss=0.25)

    Introduced in lesson 06 (build your own Keras).
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.params: dict[str, int] = {}

    def on_train_begin(self, params: Mapping[str, int]) -> None:
        self.params = dict(params)

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float]) -> None:
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(float(value))

    def __repr__(self) -> str:
        last = ", ".join(f"{key}={values[-1]:.4g}" for key, values in self.history.items() if values)
        n = len(next(iter(self.history.values()), []))
        return f"History(epochs={n}{', ' + last if last else ''})"


class Bar(Protocol):
    """What a progress bar for one epoch offers."""

    def update(self, step: int, loss: float) -> None: ...

    def close(self, summary: str) -> None: ...


class TextBar:
    """A one-line progress bar redrawn with a carriage return (for terminals).

    Examples
    --------
    >>> import io
    >>> bar = TextBar("Epoch 1/1", steps=2, width=4, stream=io.StringIO())
    >>> bar.update(1, 0.5)
    >>> bar.close("loss: 0.2500")
    >>> bar.stream.getvalue().split(chr(13))
    ['', 'Epoch 1/1 [==..] 1/2 - loss: 0.5000', 'Epoch 1/1 [====] 2/2 - loss: 0.2500\\n']

    Introduced in lesson 06 (build your own Keras).
    """

    def __init__(self, title: str, steps: int, width: int = 30, stream: TextIO | None = None) -> None:
        self.title, self.steps, self.width = title, steps, width
        self.stream = stream if stream is not None else sys.stdout
        self.every = max(1, steps // 30)

    def update(self, step: int, loss: float) -> None:
        """Redraw after ``step`` batches (about 30 times an epoch)."""
        if step % self.every == 0 or step == self.steps:
            done = self.width * step // self.steps
            bar = "=" * done + "." * (self.width - done)
            self.stream.write(f"\r{self.title} [{bar}] {step}/{self.steps} - loss: {loss:.4f}")
            self.stream.flush()

    def close(self, summary: str) -> None:
        """The finished bar and the epoch's metrics, then a new line."""
        self.stream.write(f"\r{self.title} [{'=' * self.width}] {self.steps}/{self.steps} - {summary}\n")
        self.stream.flush()


#: Makes one epoch's bar from its title and number of steps; see :func:`use_progress_bar`.
_bar_factories: list[Callable[[str, int], Bar | None]] = []


def use_progress_bar(factory: Callable[[str, int], Bar | None]) -> None:
    """Install ``factory(title, steps)`` as the maker of ``fit(verbose=1)``'s bars.

    It may return ``None`` to fall back to the text bar (a widget bar does, outside Jupyter).
    ``nnlib.widgets`` installs its widget bar this way, so the core never imports widgets.

    Introduced in lesson 06 (build your own Keras).
    """
    _bar_factories[:] = [factory]


class ProgressBar(Callback):
    """Keras's ``verbose``: 1 draws a bar per epoch, 2 prints one line per epoch.

    Examples
    --------
    >>> progress = ProgressBar(verbose=2)
    >>> progress.on_train_begin({"epochs": 3, "steps": 1, "verbose": 2})
    >>> progress.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.75})
    Epoch 1/3 - loss: 0.5000 - accuracy: 0.7500

    Introduced in lesson 06 (build your own Keras).
    """

    def __init__(self, verbose: int = 1) -> None:
        self.verbose = verbose
        self.epochs = self.steps = 0
        self.bar: Bar | None = None

    def on_train_begin(self, params: Mapping[str, int]) -> None:
        self.epochs, self.steps = params["epochs"], params["steps"]

    def on_epoch_begin(self, epoch: int) -> None:
        if self.verbose == 1:
            title = f"Epoch {epoch + 1}/{self.epochs}"
            made = _bar_factories[0](title, self.steps) if _bar_factories else None
            self.bar = made if made is not None else TextBar(title, self.steps)

    def on_batch_end(self, step: int, logs: Mapping[str, float]) -> None:
        if self.bar is not None:
            self.bar.update(step, logs["loss"])

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float]) -> None:
        summary = " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
        if self.bar is not None:
            self.bar.close(summary)
            self.bar = None
        elif self.verbose == 2:
            print(f"Epoch {epoch + 1}/{self.epochs} - {summary}")
