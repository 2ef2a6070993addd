"""A training progress bar for Jupyter: one row of widgets per epoch, updated while ``fit`` runs.

The row is displayed once, with fixed text (the epoch's title and an empty bar), and then changed
through the widget alone, so the notebook's stored text output is the same on every run and nbval
can compare it; timings and running losses never enter it.

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

import sys

import ipywidgets as widgets
from IPython.display import display

from nnlib.callbacks import use_progress_bar


class EpochBar:
    """``Epoch 3/10 [=====     ] 45/45 loss: 0.1234``, as a widget.

    Examples
    --------
    >>> bar = EpochBar("Epoch 1/1", steps=4, show=False)
    >>> bar.update(4, 0.5)
    >>> bar.close("loss: 0.5000")
    >>> bar.progress.value, bar.text.value
    (4, '4/4 - loss: 0.5000')

    Introduced in lesson 06 (build your own Keras).
    """

    def __init__(self, title: str, steps: int, show: bool = True) -> None:
        self.steps = steps
        self.every = max(1, steps // 20)  # about 20 redraws an epoch: each one is a message to the browser
        self.progress = widgets.IntProgress(value=0, min=0, max=steps, layout=widgets.Layout(width="260px"))
        self.text = widgets.Label(value="")
        self.row = widgets.HBox([widgets.Label(value=title), self.progress, self.text])
        if show:
            display(self.row)

    def update(self, step: int, loss: float) -> None:
        """Show that ``step`` batches are done and the running mean loss."""
        if step % self.every == 0 or step == self.steps:
            self.progress.value = step
            self.text.value = f"{step}/{self.steps} - loss: {loss:.4f}"

    def close(self, summary: str) -> None:
        """Fill the bar and show the epoch's final metrics."""
        self.progress.value = self.steps
        self.progress.bar_style = "success"
        self.text.value = f"{self.steps}/{self.steps} - {summary}"


def _in_jupyter() -> bool:
    """True inside a Jupyter kernel (where widgets can be shown), False in a terminal or a test."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def widget_bar(title: str, steps: int) -> EpochBar | None:
    """An :class:`EpochBar` inside Jupyter; ``None`` (so the text bar is used) elsewhere."""
    return EpochBar(title, steps) if _in_jupyter() else None


use_progress_bar(widget_bar)
