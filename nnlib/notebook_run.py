"""Run a notebook top to bottom in a fresh kernel, and say which cell when it hangs or fails.

nbclient's own errors name neither the notebook nor the cell's position, and a stalled cell used to
cost its whole timeout in silence. Here every failure names the notebook, the cell's index and its
first line; a cell silent for ``report_after`` seconds is reported on stderr while it still runs;
a kernel that does not start is started once more before giving up.

The stall this fixes: nbclient waits for a cell's reply with one asyncio poll of the kernel's zmq
socket lasting the whole cell timeout. On a busy machine that poll sometimes is not woken when the
reply arrives (zmq signals its file descriptor by edge, not by level); the reply then sits unread
until the timeout ends, and the cell "takes" exactly the timeout (300 s in the suite) yet passes.
Here every wait is cut into one-second polls, and each poll first looks for a message already there,
so a missed wake-up costs at most a second.

The tests, ``python -m nnlib.course execute`` and ``python -m nnlib.progress`` run notebooks this way.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
>>> run_notebook(nb, name="answer.ipynb").cells[0].outputs[0].text  # doctest: +SKIP
'42\\n'
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from queue import Empty
from typing import Any, TextIO

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

#: Seconds one cell may run. The slowest cell of the course takes about 4 s on an idle 2-core machine
#: and under 25 s with both cores loaded four times over; a hang fails well within a minute.
CELL_TIMEOUT = 60
#: Seconds a kernel may take to answer its first request (about 1 s idle, 10 s under heavy load).
STARTUP_TIMEOUT = 60
#: Seconds without any output after which a running cell is reported on stderr (it keeps running).
REPORT_AFTER = 20


#: Seconds of one poll of a kernel's socket (see the module's notes on the stall).
POLL_SLICE = 1.0

#: The kernels' BLAS runs on one thread. A float32 matrix product can round differently when it is
#: split over another number of threads (lesson 08's accuracies move by a point between one and two),
#: so the solutions' stored outputs are computed this way to match on a machine with any number of
#: cores; on a busy machine, threads that wait for each other also cost far more than they give.
KERNEL_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

#: For a run whose figures nobody looks at (a lesson run for its checks): matplotlib's Agg backend
#: builds every figure but never draws it to an image, which is 40 % of lesson 05's running time.
#: ``plt.show()`` then only warns that it cannot show; that warning is silenced too.
NO_FIGURES = {
    "MPLBACKEND": "agg",
    "PYTHONWARNINGS": "ignore:FigureCanvasAgg is non-interactive:UserWarning",
}


class NotebookRunError(RuntimeError):
    """A notebook could not be run to the end: the message names the notebook and the cell."""


def describe_cell(nb: nbformat.NotebookNode, index: int) -> str:
    """Where a cell is, for a person: its index among all cells and its first non-blank line.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
    ...                                      nbformat.v4.new_code_cell("\\nx = 1\\ny = 2")])
    >>> describe_cell(nb, 1)
    "cell 1 (code cell 1 of 1, first line: 'x = 1')"
    """
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    lines = [line for line in nb.cells[index].source.splitlines() if line.strip()]
    first = lines[0] if lines else ""
    position = f"code cell {code.index(index) + 1} of {len(code)}, " if index in code else ""
    return f"cell {index} ({position}first line: {first!r})"


class _WatchedClient(NotebookClient):
    """A NotebookClient that remembers which cell runs and when the kernel last said anything."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.running: int | None = None
        self.any_cell_ran = False
        self.started = self.last_heard = time.monotonic()

    async def async_start_new_kernel_client(self):  # type: ignore[no-untyped-def]
        kc = await super().async_start_new_kernel_client()
        for channel in (kc.shell_channel, kc.iopub_channel):
            channel.get_msg = _in_slices(channel.get_msg)
        return kc

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.running, self.started, self.any_cell_ran = cell_index, time.monotonic(), True
        self.last_heard = self.started
        result = await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        self.running = None
        return result

    def process_message(self, msg, cell, cell_index):  # type: ignore[no-untyped-def]
        self.last_heard = time.monotonic()
        return super().process_message(msg, cell, cell_index)


def _in_slices(get_msg):  # type: ignore[no-untyped-def]
    """``get_msg(timeout)`` as a series of polls of at most ``POLL_SLICE`` seconds (``None``: no end)."""

    async def get_msg_in_slices(timeout: float | None = None):  # type: ignore[no-untyped-def]
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = POLL_SLICE if deadline is None else min(POLL_SLICE, deadline - time.monotonic())
            try:
                return await get_msg(timeout=max(remaining, 0.0))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_slices


def _watch(client: _WatchedClient, name: str, report_after: float, stream: TextIO, stop: threading.Event) -> None:
    """Report on ``stream`` a cell that has been silent for ``report_after`` seconds (once per silence)."""
    reported: tuple[int | None, float] = (None, 0.0)
    while not stop.wait(1.0):
        index, heard = client.running, client.last_heard
        silent = time.monotonic() - heard
        if index is not None and silent >= report_after and reported != (index, heard):
            reported = (index, heard)
            running = time.monotonic() - client.started
            print(
                f"{name}: {describe_cell(client.nb, index)} has run for {running:.0f} s, "
                f"{silent:.0f} s without output; it fails after {client.timeout} s",
                file=stream,
                flush=True,
            )


def run_notebook(
    nb: nbformat.NotebookNode,
    folder: Path | str | None = None,
    *,
    name: str = "notebook",
    cell_timeout: int = CELL_TIMEOUT,
    report_after: float = REPORT_AFTER,
    report_to: TextIO | None = None,
    stderr: Any = None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> nbformat.NotebookNode:
    """Run ``nb`` in place in a fresh ``python3`` kernel started in ``folder``; return it.

    Parameters
    ----------
    nb : NotebookNode
        The notebook; its cells receive their outputs.
    folder : Path or str, optional
        The kernel's working directory (the notebook's folder), by default the current one.
    name : str
        The notebook's name, used in every message.
    cell_timeout : int
        Seconds one cell may run before the run fails.
    report_after : float
        Seconds without output after which the running cell is reported on ``report_to``.
    report_to : text stream, optional
        Where such reports go, by default ``sys.stderr``.
    stderr : optional
        Where the kernel process's own stderr goes (``subprocess.DEVNULL`` to hide start-up warnings).
    env : mapping, optional
        Environment variables for the kernel on top of this process's and :data:`KERNEL_ENV`
        (:data:`NO_FIGURES` for a run whose figures nobody looks at).
    **options
        Passed to ``nbclient.NotebookClient`` (``allow_errors``, ``record_timing``, ...).

    Raises
    ------
    NotebookRunError
        A cell raised (unless ``allow_errors``), a cell ran longer than ``cell_timeout``, the kernel
        died, or the kernel did not start twice in a row. The message names the notebook and the cell.
    """
    resources = {"metadata": {"path": str(folder or Path.cwd())}}
    for attempt in (1, 2):
        client = _WatchedClient(
            nb,
            timeout=cell_timeout,
            startup_timeout=STARTUP_TIMEOUT,
            kernel_name="python3",
            resources=resources,
            **options,
        )
        stop = threading.Event()
        watchdog = threading.Thread(
            target=_watch, args=(client, name, report_after, report_to or sys.stderr, stop), daemon=True
        )
        watchdog.start()
        try:
            return client.execute(stderr=stderr, env={**os.environ, **KERNEL_ENV, **(env or {})})
        except CellTimeoutError as error:
            raise NotebookRunError(
                f"{name}: {_where(client)} did not finish within {cell_timeout} s (is the kernel stuck?)"
            ) from error
        except DeadKernelError as error:
            raise NotebookRunError(f"{name}: the kernel died while running {_where(client)}") from error
        except CellExecutionError as error:
            raise NotebookRunError(f"{name}: {_where(client)} raised {error.ename}: {error.evalue}\n{error}") from error
        except RuntimeError as error:  # the kernel did not start (no reply in time, or it died at once)
            if client.any_cell_ran or attempt == 2:
                raise NotebookRunError(f"{name}: {_where(client)}: {error}") from error
            print(f"{name}: the kernel did not start ({error}); starting a new one", file=report_to or sys.stderr)
        finally:
            stop.set()
            watchdog.join()
    raise AssertionError("unreachable")


def _where(client: _WatchedClient) -> str:
    if client.running is None:
        return "the kernel's start"
    return describe_cell(client.nb, client.running)
