"""The hub's configuration and the code that drives a hub, without starting one (tests/test_hub.py does that)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

from .conftest import ROOT

HUB = ROOT / "instructors" / "hub"
_spec = importlib.util.spec_from_file_location("hub_driver", HUB / "hub_driver.py")
hub_driver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hub_driver)


def load_config(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("N2N_HUB_DIR", str(tmp_path / "state"))
    for name in ("N2N_HUB_SPAWNER", "N2N_HUB_IDLE_MINUTES", "N2N_HUB_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(HUB)).load_config()


def test_the_config_serves_the_course_environment_in_jupyterlab(monkeypatch, tmp_path):
    c = load_config(monkeypatch, tmp_path, N2N_HUB_PASSWORD="room-password")
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "room-password"
    assert c.Spawner.default_url == "/lab"
    single_user = c.Spawner.cmd[0]
    assert os.path.dirname(single_user) == os.path.dirname(sys.executable)  # the hub's own environment
    assert os.access(single_user, os.X_OK), single_user
    assert c.JupyterHub.spawner_class == "simple"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "state" / "home" / "{username}")
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"  # this machine only, unless asked
    assert ("--allow-root" in c.Spawner.args) == (os.geteuid() == 0)
    assert "--MappingKernelManager.cull_idle_timeout=3600" in c.Spawner.args
    from nnlib.updates import git_environment

    assert git_environment().items() <= c.Spawner.environment.items()  # nbgitpuller merges cell by cell


def test_the_config_state_lives_in_the_hub_folder(monkeypatch, tmp_path):
    c = load_config(monkeypatch, tmp_path, N2N_HUB_PASSWORD="room-password", N2N_HUB_ADMINS="kim, lee")
    state = tmp_path / "state"
    assert c.JupyterHub.db_url == f"sqlite:///{state / 'jupyterhub.sqlite'}"
    assert c.JupyterHub.cookie_secret_file == str(state / "jupyterhub_cookie_secret")
    assert c.Authenticator.admin_users == {"kim", "lee"}


def test_idle_culling_can_be_turned_off(monkeypatch, tmp_path):
    c = load_config(monkeypatch, tmp_path, N2N_HUB_IDLE_MINUTES="0")
    assert not any("cull" in arg or "no_activity" in arg for arg in c.Spawner.args)


def test_system_spawner_creates_missing_unix_users_with_private_homes(monkeypatch, tmp_path):
    c = load_config(monkeypatch, tmp_path, N2N_HUB_SPAWNER="system")
    assert c.JupyterHub.spawner_class == "localprocess"
    hook = c.Spawner.pre_spawn_hook
    calls, accounts = [], {}

    class Spawner:
        class user:
            name = "ada"

    def lookup(name):
        return accounts[name]

    def useradd(args, check):
        calls.append(("run", args, check))
        accounts[args[-1]] = type("Account", (), {"pw_dir": f"/home/{args[-1]}"})()

    hook(Spawner, run=useradd, lookup=lookup, chmod=lambda path, mode: calls.append(("chmod", path, mode)))
    assert calls == [
        ("run", ["useradd", "--create-home", "--shell", "/bin/bash", "ada"], True),
        ("chmod", "/home/ada", 0o700),
    ]
    hook(Spawner, run=useradd, lookup=lookup, chmod=lambda path, mode: calls.append(("chmod", path, mode)))
    assert len(calls) == 2  # an existing account is left alone


def test_unknown_spawner_is_named_in_the_error(monkeypatch, tmp_path):
    with pytest.raises(ValueError, match="N2N_HUB_SPAWNER must be 'simple' or 'system', got 'docker'"):
        load_config(monkeypatch, tmp_path, N2N_HUB_SPAWNER="docker")


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("ada", True), ("learner-07", True), ("Ada", False), ("ada lovelace", False), ("7up", False), ("a" * 33, False)],
)
def test_learner_names_must_suit_unix_accounts(monkeypatch, tmp_path, name, allowed):
    import re

    pattern = load_config(monkeypatch, tmp_path).Authenticator.username_pattern
    assert bool(re.match(pattern, name)) == allowed


def test_driver_config_loads_the_room_config_and_adds_loopback_ports_and_a_token():
    text = hub_driver.driver_config("secret-token", 18081, 18001)
    namespace = {"c": _Recorder(), "load_subconfig": lambda path: namespace.setdefault("loaded", path)}
    exec(text, namespace)
    assert namespace["loaded"] == str(HUB / "jupyterhub_config.py")
    c = namespace["c"]
    assert c.JupyterHub.hub_bind_url == "http://127.0.0.1:18081"
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:18001"
    (service,) = c.JupyterHub.services
    assert service == {"name": hub_driver.SERVICE, "api_token": "secret-token"}
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == [hub_driver.SERVICE] and "admin:servers" in role["scopes"]


class _Recorder:
    """A stand-in for a traitlets config: attribute sections that remember what was set."""

    def __getattr__(self, name):
        section = type("Section", (), {})()
        setattr(self, name, section)
        return section


def test_find_proxy_looks_on_path_then_in_ci_node(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(hub_driver, "LOCAL_PROXY_BIN", tmp_path / "none")
    assert hub_driver.find_proxy() is None
    proxy = tmp_path / "configurable-http-proxy"
    proxy.write_text("#!/bin/sh\n")
    proxy.chmod(0o755)
    assert hub_driver.find_proxy() == str(proxy)


def test_text_of_joins_what_a_cell_printed():
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="one\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1),
        nbformat.v4.new_output("display_data", data={"image/png": "AAAA"}),
        nbformat.v4.new_output("error", ename="CheckFailed", evalue="double: check 3 of 3 failed", traceback=[]),
    ]
    assert hub_driver.text_of(outputs) == "one\n2CheckFailed: double: check 3 of 3 failed"


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_course_repository_holds_the_checkout_as_it_is_and_leaves_it_alone(tmp_path):
    source = tmp_path / "checkout"
    (source / "lessons").mkdir(parents=True)
    (source / "lessons" / "00.ipynb").write_text("committed")
    (source / "scratch.txt").write_text("not tracked")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "init", "-q"], cwd=source, check=True)
    subprocess.run(["git", "add", "lessons"], cwd=source, check=True)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=source, check=True, env={**os.environ, **env})
    (source / "lessons" / "00.ipynb").write_text("edited, not committed")
    before = git("status", "--porcelain", cwd=source)

    url = hub_driver.course_repository(tmp_path / "course.git", source=source, branch="main")

    assert url == (tmp_path / "course.git").as_uri()
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--branch", "main", url, str(clone)], check=True)
    assert (clone / "lessons" / "00.ipynb").read_text() == "edited, not committed"
    assert not (clone / "scratch.txt").exists()
    assert git("status", "--porcelain", cwd=source) == before


def test_stop_processes_ends_a_process_group_and_spares_the_callers(tmp_path):
    sleeper = "import time; time.sleep(60)"
    script = f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {sleeper!r}]); time.sleep(60)"
    parent = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.monotonic() + 20
    while not (children := hub_driver.psutil.Process(parent.pid).children()) and time.monotonic() < deadline:
        time.sleep(0.05)
    (child,) = children
    hub_driver.stop_processes([hub_driver.psutil.Process(parent.pid)], grace=5)
    parent.wait(timeout=5)
    deadline = time.monotonic() + 5
    while hub_driver.running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not hub_driver.running(child)  # killed with its group, though only the parent was named
    assert os.getpgrp() == os.getpgid(os.getpid())  # and this process is still here


class FakeSocket:
    """Answers one request with a scripted list of kernel messages (parent msg_id filled in on send)."""

    def __init__(self, script):
        self.script, self.inbox = script, []

    def send(self, text):
        msg_id = json.loads(text)["header"]["msg_id"]
        for channel, msg_type, content, mine in self.script:
            parent = {"msg_id": msg_id if mine else "someone-else"}
            self.inbox.append(
                json.dumps(
                    {
                        "channel": channel,
                        "msg_type": msg_type,
                        "content": content,
                        "parent_header": parent,
                        "header": {"msg_type": msg_type},
                        "metadata": {},
                    }
                )
            )

    def recv(self):
        return self.inbox.pop(0)


def fake_kernel(script):
    kernel = object.__new__(hub_driver.RemoteKernel)
    kernel.learner = type("Learner", (), {"name": "ada"})()
    kernel.timeout, kernel.socket = 5, FakeSocket(script)
    kernel.session = hub_driver.Session(username="ada")
    return kernel


def test_execute_collects_its_own_outputs_until_idle():
    kernel = fake_kernel(
        [
            ("iopub", "stream", {"name": "stdout", "text": "another tab\n"}, False),
            ("iopub", "status", {"execution_state": "busy"}, True),
            ("iopub", "stream", {"name": "stdout", "text": "drawing\n"}, True),
            ("iopub", "clear_output", {"wait": False}, True),
            ("iopub", "stream", {"name": "stdout", "text": "double: 3/3 checks passed\n"}, True),
            ("shell", "execute_reply", {"status": "ok"}, True),
            ("iopub", "status", {"execution_state": "idle"}, True),
        ]
    )
    assert hub_driver.text_of(kernel.execute("check_double(double)")) == "double: 3/3 checks passed\n"


def test_execute_raises_with_the_kernels_error_and_keeps_the_outputs():
    error = {"ename": "NotAttemptedError", "evalue": "double: not attempted yet", "traceback": []}
    kernel = fake_kernel(
        [
            ("iopub", "error", error, True),
            ("iopub", "status", {"execution_state": "idle"}, True),
            ("shell", "execute_reply", {"status": "error", **error}, True),
        ]
    )
    with pytest.raises(hub_driver.KernelError, match="NotAttemptedError: double: not attempted yet") as raised:
        kernel.execute("check_double(double)")
    assert raised.value.outputs[0].ename == "NotAttemptedError"


def test_run_notebook_allows_errors_only_in_cells_tagged_raises_exception(monkeypatch):
    kernel = object.__new__(hub_driver.RemoteKernel)

    def execute(code):
        if "fail" in code:
            raise hub_driver.KernelError("ValueError", "no", [])
        return [nbformat.v4.new_output("stream", name="stdout", text=code)]

    monkeypatch.setattr(kernel, "execute", execute, raising=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("ok"), nbformat.v4.new_markdown_cell("text")]
    nb.cells.append(nbformat.v4.new_code_cell("fail", metadata={"tags": ["raises-exception"]}))
    kernel.run_notebook(nb)
    assert [cell.get("execution_count") for cell in nb.cells] == [1, None, 2]
    nb.cells.append(nbformat.v4.new_code_cell("fail again"))
    with pytest.raises(hub_driver.KernelError, match="cell 3: no"):
        kernel.run_notebook(nb)


def test_sigterm_still_runs_the_clean_up(tmp_path):
    """`timeout` or a CI runner sends SIGTERM: running_hub's clean-up must run all the same."""
    marker = tmp_path / "cleaned"
    script = (
        "import importlib.util, os, signal\n"
        f"spec = importlib.util.spec_from_file_location('d', {str(HUB / 'hub_driver.py')!r})\n"
        "d = importlib.util.module_from_spec(spec); spec.loader.exec_module(d)\n"
        "d._exit_on_sigterm()\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    signal.pause()\n"
        "finally:\n"
        f"    open({str(marker)!r}, 'w').close()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert result.returncode == 128 + 15
    assert marker.exists()


def _measure_capacity():
    sys.path.insert(0, str(HUB))  # measure_capacity imports hub_driver from its own folder, as a script does
    try:
        spec = importlib.util.spec_from_file_location("measure_capacity", HUB / "measure_capacity.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(HUB))


measure_capacity = _measure_capacity()


def test_lesson_minutes_reads_the_lessons_own_estimate():
    from nnlib.course import lesson_times

    assert measure_capacity.lesson_minutes("00_setup_check") == 10
    for lesson in lesson_times(ROOT / "solutions"):
        assert measure_capacity.lesson_minutes(lesson.name) == lesson.total


def test_lesson_minutes_names_a_lesson_without_an_estimate(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 09")]), tmp_path / "solutions" / "09_x.ipynb"
    )
    with pytest.raises(ValueError, match="lesson_minutes: no 'Teaching: N min · Exercises: M min' line in 09_x"):
        measure_capacity.lesson_minutes("09_x", root=tmp_path)


def test_planned_memory_counts_the_server_once_and_each_kernel():
    assert measure_capacity.planned_mb(300, 150) == 150 + measure_capacity.KERNELS_PER_LEARNER * 150


def test_learners_per_machine_is_limited_by_memory_or_by_cpu():
    # 300 MB each in (4 - 1) GB: 10. CPU: 3 runs x 10 s in 50 min is 1 % of a core; half of 2 cores: 100.
    assert measure_capacity.learners_per_machine(2, 4, 300, 10, 50) == (10, 100)
    # A heavy lesson: 3 runs x 600 s in 60 min is half a core each; half of 8 cores: 8 learners.
    assert measure_capacity.learners_per_machine(8, 64, 300, 600, 60) == (215, 8)


def test_capacity_table_takes_the_later_of_repeated_runs():
    def run(learners, wall, rss=250.0, cpu=2.0):
        one = {"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": rss, "peak_uss_mb": rss - 50}
        return {"lesson": "00_setup_check", "learners": learners, "per_learner": [one] * learners}

    results = {"idle_server_rss_mb": 150, "runs": [run(1, 9.0), run(2, 30.0), run(1, 5.0), run(2, 7.0, rss=260.0)]}
    table = measure_capacity.capacity_table(results).splitlines()
    assert len(table) == 3
    row = table[2]
    assert row.startswith("| 00_setup_check | 260 | 370 | 2.0 | 5.0 | 2: 7 s |"), row  # 150 + 2 x 110 MB
    assert "**8** (memory)" in row  # 2 cores, 4 GB: 3 GB / 370 MB


def test_tree_sampler_counts_a_process_and_its_children(tmp_path):
    grow = "import time; block = bytearray(60 * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); time.sleep(30)"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {grow!r}]); time.sleep(30)",
        ],
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        sampler = measure_capacity.TreeSampler(parent.pid)
        while time.monotonic() < deadline:
            sampler.sample()
            if sampler.peak_uss > 60 * measure_capacity.MB:
                break
            time.sleep(0.1)
        assert sampler.peak_uss > 60 * measure_capacity.MB  # the child's 60 MB block is counted
        assert sampler.peak_rss >= sampler.peak_uss
        assert len(sampler.cpu) == 2 and sampler.cpu_seconds() >= 0
    finally:
        hub_driver.stop_processes([hub_driver.psutil.Process(parent.pid)], grace=5)
        parent.wait(timeout=10)
