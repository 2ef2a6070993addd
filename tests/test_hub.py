"""A room on a real JupyterHub: six learners get the course by an nbgitpuller link and run lesson 00 at once.

The hub is ``instructors/hub/jupyterhub_config.py`` as an instructor starts it (JupyterHub from PyPI,
configurable-http-proxy from npm), on loopback ports, with its database, cookie secret and the
learners' homes in a temporary folder. Learners are created through the hub's REST API; each gets the
course from a local bare git repository (made from this checkout, no network) through nbgitpuller's
``/user/NAME/git-pull`` link, then, all at the same time, opens lessons/00_setup_check.ipynb through
the contents API, solves its practice exercise, runs every cell in a kernel over the kernel API's
websocket and saves the notebook. Everything the hub started is stopped afterwards, pass or fail.

Timings go to ``test-artifacts/hub/room.json``. Needs configurable-http-proxy
(``npm install -g configurable-http-proxy@5``; ``.ci/run`` installs it into ``.ci/node``).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("hub_driver", ROOT / "instructors" / "hub" / "hub_driver.py")
hub_driver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hub_driver)

if hub_driver.find_proxy() is None:
    pytest.skip(
        "hub test skipped: configurable-http-proxy is not installed (npm install -g configurable-http-proxy@5)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.notebooks

LEARNERS = ["ada", "ben", "cai", "dee", "eli", "fay"]
COURSE = "neurons-to-networks"
LESSON = f"{COURSE}/lessons/00_setup_check.ipynb"
UNSOLVED = 'raise NotImplementedError("Exercise 0.1: double")'
SOLVED = 'def double(x):\n    """Return ``2 * x``."""\n    return 2 * x\n'
PASSED = re.compile(r"^double: (\d+)/\1 checks passed$", re.MULTILINE)
ARTIFACTS = ROOT / "test-artifacts" / "hub"


def solve_and_run(learner) -> dict:
    """What a learner does in lesson 00: open it, write the exercise, run all cells, save."""
    start = time.monotonic()
    nb = learner.read_notebook(LESSON)
    exercise = next(cell for cell in nb.cells if UNSOLVED in cell.source)
    exercise.source = SOLVED
    with learner.kernel() as kernel:
        kernel.run_notebook(nb)
    learner.save_notebook(LESSON, nb)
    check = nb.cells[nb.cells.index(exercise) + 1]
    return {"seconds": time.monotonic() - start, "check": hub_driver.text_of(check.outputs)}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """The hub with six learners who pulled the course and ran lesson 00 together; timings on the side."""
    tmp = tmp_path_factory.mktemp("hub")
    timings = {}
    start = time.monotonic()
    repo = hub_driver.course_repository(tmp / "course.git")
    with hub_driver.running_hub(tmp / "hub") as hub:
        timings["hub start"] = time.monotonic() - start
        hub.add_learners(LEARNERS)
        timings["servers ready"] = hub.start_servers(LEARNERS)
        learners = {name: hub.learner(name) for name in LEARNERS}
        with ThreadPoolExecutor(len(LEARNERS)) as pool:
            began = time.monotonic()
            list(pool.map(lambda learner: learner.pull(repo, "main", COURSE), learners.values()))
            timings["nbgitpuller, all at once"] = time.monotonic() - began
            began = time.monotonic()
            results = dict(zip(LEARNERS, pool.map(solve_and_run, learners.values()), strict=True))
            timings["lesson 00, all at once"] = time.monotonic() - began
        timings["lesson 00 per learner"] = {name: result["seconds"] for name, result in results.items()}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "room.json").write_text(json.dumps(timings, indent=2))
        started = hub_driver.psutil.Process(hub.process.pid).children(recursive=True)
        yield hub, learners, results
    alive = [process for process in started if hub_driver.running(process)]
    assert not alive, f"still running after the hub stopped: {[process.cmdline() for process in alive]}"


def test_every_learners_check_passes_and_the_notebook_is_saved_with_it(room):
    hub, _, results = room
    for name, result in results.items():
        assert PASSED.search(result["check"]), f"{name}'s check said: {result['check']!r}"
        saved = nbformat.read(hub.home(name) / LESSON, as_version=4)
        solved = next(i for i, cell in enumerate(saved.cells) if cell.source == SOLVED)
        assert PASSED.search(hub_driver.text_of(saved.cells[solved + 1].outputs)), f"{name}'s saved notebook"


def test_every_learner_got_the_whole_course(room):
    hub, _, _ = room
    expected = sorted(path.name for path in (ROOT / "lessons").glob("*.ipynb"))
    for name in LEARNERS:
        assert sorted(path.name for path in (hub.home(name) / COURSE / "lessons").glob("*.ipynb")) == expected


def test_learners_servers_merge_notebooks_with_the_course_driver(room):
    """Clicking the link again merges the course's notebooks cell by cell (nnlib.updates' driver)."""
    hub, _, _ = room
    from nnlib.updates import git_environment

    environ = hub_driver.psutil.Process(hub.server_pid("ada")).environ()
    assert {key: environ.get(key) for key in git_environment()} == git_environment()


def test_a_learner_cannot_reach_another_learners_server(room):
    _, learners, _ = room
    ada, ben = learners["ada"], learners["ben"]
    assert ben.get(f"api/contents/{LESSON}").status_code == 200
    for path in (f"api/contents/{LESSON}", "api/kernels", "api/sessions"):
        response = ada.http.get(f"{ben.base}/{path}", timeout=30)
        assert response.status_code == 403, (path, response.status_code)


def test_learners_log_in_with_the_rooms_password_and_nothing_else(room):
    hub, _, _ = room
    _, answer = hub.login("ada", hub.password)
    assert answer.status_code == 302 and "jupyterhub-session-id" in answer.cookies, answer.status_code
    assert hub.login("ada", hub.password + "x")[1].status_code == 403
    assert hub.login("Ada Lovelace", hub.password)[1].status_code == 403  # not a Unix-friendly name


def test_the_handed_out_link_leads_a_logged_in_learner_to_nbgitpuller(room):
    """The link of instructors/hub/README.md: /hub/user-redirect/git-pull?... ends at the learner's puller."""
    hub, _, _ = room
    browser, _ = hub.login("cai", hub.password)
    query = "repo=file%3A%2F%2F%2Fnowhere.git&branch=main&urlpath=lab%2Ftree%2Fneurons-to-networks%2Flessons"
    page = browser.get(f"{hub.url}/hub/user-redirect/git-pull?{query}", timeout=60)
    assert page.status_code == 200 and page.url.startswith(f"{hub.url}/user/cai/git-pull?"), page.url


def class_view_supported() -> bool:
    help_text = subprocess.run(
        [sys.executable, "-m", "nnlib.progress", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    return "--class" in help_text and "--json" in help_text


def test_the_class_view_sees_every_learners_solved_exercise(room):
    if not class_view_supported():
        pytest.skip("python -m nnlib.progress has no --class mode yet")
    hub, _, _ = room
    homes = [str(hub.home(name)) for name in LEARNERS]
    result = subprocess.run(
        [sys.executable, "-m", "nnlib.progress", "--class", *homes, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (number,) = [number for number, exercise in report["exercises"].items() if exercise["title"] == "double"]
    for name in LEARNERS:
        assert report["learners"][name][number]["status"] == "passed", (name, report["learners"][name][number])
    assert report["exercises"][number]["passed"] == len(LEARNERS)
