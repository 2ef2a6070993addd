"""End to end, as a learner meets the course: JupyterLab in a real browser.

Start JupyterLab on loopback and load it once in headless Chromium. For every solution notebook with
a playground, open it there (as a learner opens the next lesson in the same tab), run its first code
cell and every playground (with the cells a playground needs, found from the names it uses), and
assert that no cell shows an error, that every playground renders, and that moving a slider in each
playground changes its output; then close it and stop its kernel. A screenshot per lesson goes to
``test-artifacts/browser/``.

nbval cannot see any of this: widget views are not compared, and an error inside a widget callback is
swallowed into the widget. Every other cell is run (and its outputs compared) by nbval, so the
browser does not run the whole notebook a second time.

Needs Playwright (``python -m pip install -e ".[browser]"``) and Debian's Chromium
(``apt-get install chromium``); without them the test is skipped and says so.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from functools import partial
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from nnlib.course import PLAYGROUND_NOTE

from .conftest import ROOT

pytestmark = pytest.mark.notebooks

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright_api = pytest.importorskip(
    "playwright.sync_api",
    reason='browser test skipped: Playwright is not installed (python -m pip install -e ".[browser]")',
)
if CHROMIUM is None:
    pytest.skip("browser test skipped: no Chromium (Debian: apt-get install chromium)", allow_module_level=True)

SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
#: The lessons with playgrounds: what nbval cannot see is widgets, so a lesson without any (06) is
#: left to nbval, which runs every cell of it and compares every output.
WITH_PLAYGROUNDS = [path for path in SOLUTIONS if PLAYGROUND_NOTE in path.read_text()]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
TOKEN = "nnlib-browser-test"
SERVER_START_LIMIT = 90  # seconds
RUN_LIMIT = 120_000  # milliseconds for one notebook to finish running (lesson 08 trains seven models)
#: A cell that was clicked and sent (Ctrl+Enter) shows [*] at once; if it does not within this many
#: milliseconds, the click landed while the page was still settling, and it is tried again.
ATTEMPT_LIMIT, ATTEMPTS = 4_000, 5
#: Milliseconds between two looks at the page while waiting (Playwright's default looks at every
#: animation frame, which keeps a core busy querying the DOM for the whole of a long run).
POLL = 100
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: JupyterLab user settings: no news toast, every cell kept in the page (no virtual scrolling), and the
#: notebook's own kernel started without asking (on a busy machine the kernel list can arrive late, and
#: JupyterLab then asks which kernel to start).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
}


BROKEN = "zz_broken_playground.ipynb"
#: Lessons whose playgrounds must render and respond: the label of each playground's first slider, in order.
PLAYGROUND_SLIDERS = {"05_multilayer_networks": ["units"], "08_convolution": ["width"]}


def broken_playground() -> nbformat.NotebookNode:
    """A playground whose callback fails once the slider passes 3: the test must notice."""
    source = (
        "from ipywidgets import IntSlider, interact\n\n"
        "@interact(n=IntSlider(value=2, min=0, max=9, description='n'))\n"
        "def show(n):\n"
        "    if n > 3:\n"
        "        raise ValueError(f'show: n must be at most 3, got {n}')\n"
        "    print(f'n = {n}')"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on loopback serving a scratch copy of solutions/ (the repo is never touched)."""
    home = tmp_path_factory.mktemp("lab")
    notebooks = home / "notebooks"
    notebooks.mkdir()
    for path in WITH_PLAYGROUNDS:  # outputs cleared, so "every cell shows [n]" means this run has finished
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, notebooks / path.name)
    nbformat.write(broken_playground(), notebooks / BROKEN)
    settings = home / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    port = free_port()
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={notebooks}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the tests open notebooks by command
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_LIMIT
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            log.close()
            pytest.fail(
                f"JupyterLab did not start within {SERVER_START_LIMIT} s. Server log:\n"
                + (home / "server.log").read_text()[-4000:]
            )
        time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab_page(lab, browser):
    """One JupyterLab page for every lesson, as a learner keeps one tab open: the app loads once, and
    each test opens its notebook in it (and closes it again) through JupyterLab's own commands."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{lab}/lab?reset&token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=60_000, polling=POLL)
    page.evaluate("() => window.jupyterapp.started")
    yield page
    page.close()


def expected_error_cells(path: Path) -> set[int]:
    """Indices (among code cells) of cells allowed to show an error: those tagged raises-exception."""
    if path.name == BROKEN:
        return set()
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    return {i for i, c in enumerate(code) if "raises-exception" in c.metadata.get("tags", [])}


def bound_and_used(source: str) -> tuple[set[str], set[str]]:
    """Names a cell binds anywhere (imports, assignments, definitions, arguments) and names it reads."""
    bound, used = set(), set()
    for node in ast.walk(ast.parse(TransformerManager().transform_cell(source))):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, used


def cells_to_run(path: Path) -> tuple[list[int], list[int]]:
    """Code-cell indices to run in the browser (the first cell, every playground and the cells that define
    the names it uses, recursively) and the playgrounds' indices (cells whose stored output is the
    course's playground note)."""
    cells = [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
    playgrounds = [i for i, cell in enumerate(cells) if PLAYGROUND_NOTE in json.dumps(cell.get("outputs", []))]
    names = [bound_and_used(cell.source) for cell in cells]
    wanted, todo = set(), [0, *playgrounds]
    while todo:
        i = todo.pop()
        if i not in wanted:
            wanted.add(i)
            bound, used = names[i]
            for name in used - bound - set(dir(builtins)):
                todo += [j for j in range(i) if name in names[j][0]][-1:]  # the latest cell that defines it
    return sorted(wanted), playgrounds


PROMPTS = "[...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]"


def open_notebook(page, name: str) -> None:
    """Open ``name`` in the lab page (its kernel starts) and wait until its cells show and the kernel is idle."""
    page.evaluate("(path) => window.jupyterapp.commands.execute('docmanager:open', {path})", name)
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


def close_notebooks(page, url: str) -> None:
    """Close every open notebook without saving, and stop every kernel the server runs."""
    page.evaluate(
        """() => {
            for (const widget of [...window.jupyterapp.shell.widgets('main')]) {
                if (widget.context) widget.context.model.dirty = false;  // so no "save changes?" dialog
                widget.close();
            }
        }"""
    )
    page.wait_for_selector(".jp-Notebook", state="detached", timeout=30_000)
    shut_down_kernels(url)


def retry_until_started(page, act, started: str, arg=None) -> None:
    """Do ``act`` (clicks and keys that run cells) until the JavaScript test ``started`` holds; a click
    that lands while the page is still settling does nothing, so it is tried again, up to ``ATTEMPTS`` times."""
    for attempt in range(ATTEMPTS):
        act()
        try:
            page.wait_for_function(started, arg=arg, timeout=ATTEMPT_LIMIT, polling=POLL)
            return
        except playwright_api.TimeoutError:
            if attempt == ATTEMPTS - 1:
                raise


def click_and_run(page, cell) -> None:
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Control+Enter")


def run_cells(page, indices: list[int]) -> None:
    """Run these code cells one by one, as a learner does: click the cell, press Ctrl+Enter."""
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    for i in indices:
        prompt = cells.nth(i).locator(".jp-InputArea-prompt")
        retry_until_started(
            page,
            partial(click_and_run, page, cells.nth(i)),
            "(p) => /\\[(\\*|\\d+)\\]/.test(p.textContent)",
            prompt.element_handle(),
        )
        page.wait_for_function(
            "(p) => /\\[\\d+\\]/.test(p.textContent)", arg=prompt.element_handle(), timeout=RUN_LIMIT, polling=POLL
        )
    wait_until_kernel_idle(page)


def run_all_cells(page, name: str) -> None:
    open_notebook(page, name)

    def run_all() -> None:
        page.click(".jp-Notebook .jp-Cell")
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

    retry_until_started(page, run_all, f"() => {PROMPTS}.some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))")
    n_code = page.locator(".jp-Notebook .jp-CodeCell").count()
    # finished when every code cell shows an execution count such as [12] (none shows [*] or [ ])
    page.wait_for_function(
        f"(n) => {PROMPTS}.length === n && {PROMPTS}.every(p => /\\[\\d+\\]/.test(p.textContent))",
        arg=n_code,
        timeout=RUN_LIMIT,
        polling=POLL,
    )
    wait_until_kernel_idle(page)


def unexpected_errors(page, path: Path) -> dict[int, str]:
    """Error text shown by code cells not tagged raises-exception (errors inside widgets included)."""
    allowed = expected_error_cells(path)
    found = page.evaluate(
        """() => {
            const found = {};
            document.querySelectorAll('.jp-Notebook .jp-CodeCell').forEach((cell, i) => {
                const err = cell.querySelector('[data-mime-type="application/vnd.jupyter.stderr"] pre');
                const text = err ? err.textContent : '';
                if (/Error|Traceback|Exception/.test(text)) found[i] = text.slice(0, 1500);
            });
            return found;
        }"""
    )
    return {int(i): text for i, text in found.items() if int(i) not in allowed}


def describe(errors: dict[int, str]) -> str:
    return "\n".join(f"--- code cell {i + 1}:\n{text}" for i, text in sorted(errors.items()))


def move_slider_and_wait_for_change(page, cell) -> str:
    """Press the right arrow on the playground's first slider; return its label once the output changed."""
    output = cell.locator(".widget-output").first
    before = output.inner_html()
    handle = cell.locator(".widget-slider .noUi-handle").first
    label = cell.locator(".widget-slider .widget-label").first.inner_text()
    handle.click()
    for _ in range(3):
        handle.press("ArrowRight")
    page.wait_for_function(
        "([el, old]) => el.innerHTML !== old && el.querySelector('img, pre')",
        arg=[output.element_handle(), before],
        timeout=30_000,
        polling=POLL,
    )
    wait_until_kernel_idle(page)
    return label


def shut_down_kernels(url: str) -> None:
    """Stop every kernel the server runs (closing a page leaves its kernel running)."""
    with urllib.request.urlopen(f"{url}/api/sessions?token={TOKEN}", timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{url}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def wait_until_kernel_idle(page) -> None:
    """Wait until the status bar says the kernel is idle (widget callbacks included) for a moment."""
    items = "[...document.querySelectorAll('.jp-StatusBar-TextItem')]"
    idle = f"() => {items}.some(e => /[|] Idle/.test(e.textContent))"
    for _ in range(2):  # idle twice in a row, so a callback queued behind another has finished too
        page.wait_for_timeout(300)
        page.wait_for_function(idle, timeout=30_000, polling=POLL)


def test_the_cells_a_playground_needs_are_found_from_the_names_it_uses(tmp_path):
    nb = nbformat.v4.new_notebook()
    sources = [
        "import numpy as np",
        "x = 1",
        "import matplotlib.pyplot as plt\ny = np.ones(3)",
        "print(x)",
        "show(np, plt)",
    ]
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.cells[-1].outputs = [nbformat.v4.new_output("display_data", {"text/plain": PLAYGROUND_NOTE})]
    nbformat.write(nb, tmp_path / "nb.ipynb")
    assert cells_to_run(tmp_path / "nb.ipynb") == ([0, 2, 4], [4])


@pytest.mark.parametrize("path", WITH_PLAYGROUNDS, ids=lambda p: p.stem)
def test_lesson_runs_in_jupyterlab_and_its_playgrounds_respond(path, lab, lab_page, record_property):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = lab_page
    started = time.monotonic()
    wanted, playground_cells = cells_to_run(path)
    try:
        open_notebook(page, path.name)
        run_cells(page, wanted)
        errors = unexpected_errors(page, path)
        assert not errors, f"{path.name}: cells show errors:\n{describe(errors)}"
        code_cells = page.locator(".jp-Notebook .jp-CodeCell")
        with_sliders = [i for i in range(code_cells.count()) if code_cells.nth(i).locator(".widget-slider").count()]
        assert with_sliders == playground_cells, f"{path.name}: playgrounds expected in code cells {playground_cells}"
        moved = []
        for k in playground_cells:
            cell = code_cells.nth(k)
            cell.scroll_into_view_if_needed()
            assert cell.locator(".widget-output").count() > 0, (
                f"{path.name}: playground in code cell {k + 1} has no output"
            )
            moved.append(move_slider_and_wait_for_change(page, cell))
            late = unexpected_errors(page, path)
            assert not late, f"{path.name}: moving slider '{moved[-1]}' caused an error:\n{describe(late)}"
        record_property("playgrounds_moved", moved)
        if path.stem in PLAYGROUND_SLIDERS:
            assert moved == PLAYGROUND_SLIDERS[path.stem], (
                f"{path.name}: expected to move {PLAYGROUND_SLIDERS[path.stem]}"
            )
        print(
            f"{path.name}: ran code cells {wanted} in {time.monotonic() - started:.1f} s; "
            f"sliders moved: {moved or 'none'}"
        )
    finally:
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"), full_page=False)
        close_notebooks(page, lab)


def test_an_error_inside_a_playground_callback_is_caught(lab, lab_page):
    page = lab_page
    try:
        run_all_cells(page, BROKEN)
        assert unexpected_errors(page, Path(BROKEN)) == {}
        cell = page.locator(".jp-Notebook .jp-CodeCell").first
        move_slider_and_wait_for_change(page, cell)
        errors = unexpected_errors(page, Path(BROKEN))
        assert list(errors) == [0] and "show: n must be at most 3, got 5" in errors[0]
    finally:
        page.screenshot(path=str(ARTIFACTS / "broken_playground.png"))
        close_notebooks(page, lab)
