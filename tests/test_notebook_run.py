"""nnlib.notebook_run: a failing, hanging or silent cell is named (notebook, index, first line) at once,
and a reply that arrives without waking the poll is read within a second, not at the timeout."""

import asyncio
import io
import time
from queue import Empty

import nbformat
import pytest

from nnlib import notebook_run
from nnlib.notebook_run import NotebookRunError, run_notebook


def notebook(*sources):
    cells = [nbformat.v4.new_markdown_cell("# A notebook")] + [nbformat.v4.new_code_cell(s) for s in sources]
    return nbformat.v4.new_notebook(cells=cells)


@pytest.mark.notebooks
def test_outputs_are_stored_in_the_notebook(tmp_path):
    (tmp_path / "data.txt").write_text("from the notebook's folder")
    nb = run_notebook(notebook("print(6 * 7)", "print(open('data.txt').read())"), tmp_path, name="ok.ipynb")
    assert [cell.outputs[0].text for cell in nb.cells[1:]] == ["42\n", "from the notebook's folder\n"]


@pytest.mark.notebooks
def test_a_hanging_cell_fails_within_its_timeout_naming_notebook_and_cell(tmp_path):
    nb = notebook("x = 1", "import time\n\nwhile True:\n    time.sleep(0.1)")
    with pytest.raises(NotebookRunError) as error:
        run_notebook(nb, tmp_path, name="stuck.ipynb", cell_timeout=3)
    assert str(error.value) == (
        "stuck.ipynb: cell 2 (code cell 2 of 2, first line: 'import time') did not finish within 3 s "
        "(is the kernel stuck?)"
    )


@pytest.mark.notebooks
def test_a_silent_cell_is_reported_while_it_runs(tmp_path):
    report = io.StringIO()
    run_notebook(
        notebook("import time\ntime.sleep(2.5)"), tmp_path, name="slow.ipynb", report_after=1, report_to=report
    )
    assert report.getvalue().startswith("slow.ipynb: cell 1 (code cell 1 of 1, first line: 'import time') has run for ")
    assert "s without output; it fails after 60 s" in report.getvalue()


@pytest.mark.notebooks
def test_an_error_names_the_cell_and_the_exception(tmp_path):
    with pytest.raises(NotebookRunError, match=r"^bad.ipynb: cell 2 \(code cell 2 of 2, first line: '1 / 0'\) raised "):
        run_notebook(notebook("x = 1", "1 / 0"), tmp_path, name="bad.ipynb")
    nb = run_notebook(notebook("1 / 0", "print('on')"), tmp_path, name="bad.ipynb", allow_errors=True)
    assert nb.cells[1].outputs[0].ename == "ZeroDivisionError" and nb.cells[2].outputs[0].text == "on\n"


@pytest.mark.notebooks
def test_a_kernel_that_does_not_start_is_started_once_more(tmp_path, monkeypatch):
    calls = []
    start = notebook_run._WatchedClient.async_start_new_kernel_client

    async def flaky_start(self):
        calls.append(1)
        if len(calls) == 1:
            await self._async_cleanup_kernel()
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return await start(self)

    monkeypatch.setattr(notebook_run._WatchedClient, "async_start_new_kernel_client", flaky_start)
    report = io.StringIO()
    nb = run_notebook(notebook("print('started')"), tmp_path, name="late.ipynb", report_to=report)
    assert nb.cells[1].outputs[0].text == "started\n" and len(calls) == 2
    assert (
        report.getvalue()
        == "late.ipynb: the kernel did not start (Kernel didn't respond in 60 seconds); starting a new one\n"
    )


def test_a_message_that_did_not_wake_the_poll_is_read_within_a_slice():
    arrives = time.monotonic() + 0.2

    async def deaf_get_msg(timeout):
        """Finds a message already there; misses one that arrives while it waits (the stall)."""
        if time.monotonic() >= arrives:
            return {"msg_type": "execute_reply"}
        await asyncio.sleep(timeout)
        raise Empty

    started = time.monotonic()
    assert asyncio.run(notebook_run._in_slices(deaf_get_msg)(timeout=300)) == {"msg_type": "execute_reply"}
    assert time.monotonic() - started < 3 * notebook_run.POLL_SLICE


def test_sliced_polls_still_end_at_the_timeout():
    async def silent_get_msg(timeout):
        await asyncio.sleep(timeout)
        raise Empty

    started = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(notebook_run._in_slices(silent_get_msg)(timeout=1.5))
    assert 1.5 <= time.monotonic() - started < 2.5
