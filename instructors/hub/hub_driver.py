"""Drive a real JupyterHub as a room of learners would: the hub test and the capacity script use this.

:func:`running_hub` starts JupyterHub with ``jupyterhub_config.py`` (next to this file) on loopback,
with everything in one folder and an admin service token, and stops it and every process it started
afterwards. Through the hub's REST API a :class:`Hub` adds learners, starts their servers and makes
their tokens; a :class:`Learner` pulls the course with an nbgitpuller link, reads and saves notebooks
through the contents API and runs code in a kernel through the kernel API (:class:`RemoteKernel`).

Needs ``configurable-http-proxy`` (npm) on ``PATH`` or in ``.ci/node`` (see ``.ci/run``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
import requests
import websocket
from jupyter_client.session import Session

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONFIG = HERE / "jupyterhub_config.py"
LOCAL_PROXY_BIN = ROOT / ".ci" / "node" / "node_modules" / ".bin"
SERVICE = "course-driver"
SERVICE_SCOPES = ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"]


def find_proxy() -> str | None:
    """The ``configurable-http-proxy`` command: on ``PATH``, else in ``.ci/node``; None if neither."""
    return shutil.which("configurable-http-proxy") or shutil.which("configurable-http-proxy", path=str(LOCAL_PROXY_BIN))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def driver_config(token: str, hub_port: int, api_port: int, config: Path = CONFIG) -> str:
    """A JupyterHub config that loads ``config`` and adds loopback ports and the driver's service token.

    >>> text = driver_config("abc", 8081, 8001)
    >>> "load_subconfig" in text and "127.0.0.1:8081" in text and "'abc'" in text
    True
    """
    service = {"name": SERVICE, "api_token": token}
    role = {"name": SERVICE, "scopes": SERVICE_SCOPES, "services": [SERVICE]}
    return (
        f"load_subconfig({str(config)!r})\n"
        f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{hub_port}'\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'\n"
        f"c.JupyterHub.services = [{service!r}]\n"
        f"c.JupyterHub.load_roles = [{role!r}]\n"
    )


class Hub:
    """A running hub seen through its REST API with the driver's service token."""

    def __init__(self, url: str, token: str, state_dir: Path, process: subprocess.Popen, password: str):
        self.url, self.token, self.state_dir, self.process = url, token, state_dir, process
        self.password = password  # the room's shared password
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def api(self, method: str, path: str, expect: tuple[int, ...] = (200, 201, 202, 204), **kwargs):
        """Call ``/hub/api/PATH``; an unexpected status raises with the hub's answer in the message."""
        response = self.http.request(method, f"{self.url}/hub/api/{path}", timeout=60, **kwargs)
        if response.status_code not in expect:
            raise RuntimeError(f"hub API {method} {path}: HTTP {response.status_code}: {response.text[:500]}")
        return response.json() if response.content else None

    def home(self, name: str) -> Path:
        """A learner's home folder (the ``simple`` spawner's)."""
        return self.state_dir / "home" / name

    def add_learners(self, names: list[str]) -> None:
        self.api("POST", "users", json={"usernames": names})

    def start_servers(self, names: list[str], timeout: float = 180) -> dict[str, float]:
        """Ask for every learner's server at once; wait until all are ready; seconds each took."""
        start = time.monotonic()
        with ThreadPoolExecutor(len(names)) as pool:  # the hub answers a start request after up to 10 s
            list(pool.map(lambda name: self.api("POST", f"users/{name}/server"), names))
        ready: dict[str, float] = {}
        while len(ready) < len(names):
            for name in names:
                if name not in ready and self.api("GET", f"users/{name}")["servers"].get("", {}).get("ready"):
                    ready[name] = time.monotonic() - start
            if time.monotonic() - start > timeout:
                missing = sorted(set(names) - set(ready))
                raise TimeoutError(f"servers not ready after {timeout:.0f} s: {missing}; hub log: {self.log_tail()}")
            time.sleep(0.25)
        return ready

    def server_pid(self, name: str) -> int:
        """The process id of a learner's single-user server (the spawner's state)."""
        return self.api("GET", f"users/{name}")["servers"][""]["state"]["pid"]

    def learner(self, name: str) -> Learner:
        """A learner holding a token of their own (as if they had logged in)."""
        token = self.api("POST", f"users/{name}/tokens", json={"note": "course driver", "expires_in": 3600})["token"]
        return Learner(self.url, name, token)

    def login(self, name: str, password: str) -> tuple[requests.Session, requests.Response]:
        """Log in on the hub's login page as a learner's browser would: the browser and the hub's answer."""
        browser = requests.Session()
        page = browser.get(f"{self.url}/hub/login", timeout=30).text
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
        form = {"username": name, "password": password, "_xsrf": xsrf.group(1) if xsrf else ""}
        return browser, browser.post(f"{self.url}/hub/login", data=form, allow_redirects=False, timeout=30)

    def log_tail(self, chars: int = 3000) -> str:
        path = self.state_dir / "jupyterhub.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


class Learner:
    """One learner's view of the hub: their own server under ``/user/NAME/``, with their own token."""

    def __init__(self, hub_url: str, name: str, token: str):
        self.hub_url, self.name, self.token = hub_url, name, token
        self.base = f"{hub_url}/user/{name}"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(f"{self.base}/{path}", timeout=60, **kwargs)

    def pull(self, repo: str, branch: str, targetpath: str) -> list[dict]:
        """Follow the nbgitpuller link for ``repo``; the progress events it sent; raises if it failed."""
        query = urllib.parse.urlencode({"repo": repo, "branch": branch, "targetpath": targetpath})
        events = []
        with self.get(f"git-pull/api?{query}", stream=True) as response:
            response.raise_for_status()
            for line in response.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    events.append(json.loads(line[5:]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"nbgitpuller failed for {self.name}: {events[-3:]}")
        return events

    def read_notebook(self, path: str) -> nbformat.NotebookNode:
        response = self.get(f"api/contents/{path}?content=1&type=notebook")
        response.raise_for_status()
        return nbformat.from_dict(response.json()["content"])

    def save_notebook(self, path: str, nb: nbformat.NotebookNode) -> None:
        response = self.http.put(
            f"{self.base}/api/contents/{path}", json={"type": "notebook", "format": "json", "content": nb}, timeout=60
        )
        response.raise_for_status()

    def kernel(self, timeout: float = 60) -> RemoteKernel:
        return RemoteKernel(self, timeout)


class KernelError(RuntimeError):
    """A cell raised: ``ename``, ``evalue`` and the outputs so far are kept."""

    def __init__(self, ename: str, evalue: str, outputs: list):
        super().__init__(f"{ename}: {evalue}")
        self.ename, self.evalue, self.outputs = ename, evalue, outputs


class RemoteKernel:
    """A kernel in a learner's server, driven over the Jupyter server's websocket kernel API."""

    def __init__(self, learner: Learner, timeout: float = 60):
        self.learner, self.timeout = learner, timeout
        response = learner.http.post(f"{learner.base}/api/kernels", json={"name": "python3"}, timeout=60)
        response.raise_for_status()
        self.id = response.json()["id"]
        url = learner.base.replace("http", "ws", 1) + f"/api/kernels/{self.id}/channels"
        self.socket = websocket.create_connection(
            url, header=[f"Authorization: token {learner.token}"], timeout=timeout, suppress_origin=True
        )
        self.session = Session(username=learner.name)
        self._request("kernel_info_request", {})

    def _request(self, msg_type: str, content: dict) -> tuple[dict, list]:
        """Send one shell request; collect its iopub outputs until the kernel is idle; the reply and outputs."""
        msg = self.session.msg(msg_type, content)
        msg_id = msg["header"]["msg_id"]
        self.socket.send(json.dumps({**msg, "channel": "shell", "buffers": []}, default=str))
        reply, outputs, idle = None, [], False
        deadline = time.monotonic() + self.timeout
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.learner.name}: no answer to {msg_type} within {self.timeout} s")
            incoming = json.loads(self.socket.recv())
            if incoming.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = incoming["msg_type"], incoming["content"]
            if incoming["channel"] == "shell":
                reply = body
            elif kind == "status":
                idle = body["execution_state"] == "idle"
            elif kind == "clear_output":
                outputs.clear()
            elif kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append(nbformat.v4.output_from_msg(incoming))
        return reply, outputs

    def execute(self, code: str) -> list:
        """Run ``code``; its outputs (nbformat); raises :class:`KernelError` if it raised."""
        reply, outputs = self._request("execute_request", {"code": code, "silent": False, "allow_stdin": False})
        if reply["status"] == "error":
            raise KernelError(reply["ename"], reply["evalue"], outputs)
        return outputs

    def run_notebook(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """Run every code cell in order, store outputs in ``nb``; a cell not tagged raises-exception must not raise."""
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            try:
                cell.outputs = self.execute(cell.source)
            except KernelError as error:
                cell.outputs = error.outputs
                if "raises-exception" not in cell.metadata.get("tags", []):
                    raise KernelError(error.ename, f"cell {index}: {error.evalue}", error.outputs) from None
            cell.execution_count = count
        return nb

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.socket.close()
        with contextlib.suppress(Exception):
            self.learner.http.delete(f"{self.learner.base}/api/kernels/{self.id}", timeout=30)

    def __enter__(self) -> RemoteKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def text_of(outputs: list) -> str:
    """The printed text (streams and plain-text results) of a cell's outputs.

    >>> text_of([nbformat.v4.new_output("stream", name="stdout", text="double: 3/3 checks passed\\n")])
    'double: 3/3 checks passed\\n'
    """
    parts = []
    for output in outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def course_repository(destination: Path, source: Path = ROOT, branch: str = "main") -> str:
    """A bare git repository at ``destination`` holding one commit: the checkout's tracked files as they are now.

    Tracked files are read from ``source`` (a git checkout; shallow clones work), so uncommitted edits
    are included and nothing in ``source`` changes. Returns its ``file://`` URL for nbgitpuller.
    """
    files = subprocess.run(["git", "-C", str(source), "ls-files", "-z"], capture_output=True, check=True).stdout
    work = destination.with_name(destination.name + "-work")
    for name in filter(None, files.decode().split("\0")):
        if (source / name).is_file():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, work / name)
    ident = {"GIT_AUTHOR_NAME": "course", "GIT_AUTHOR_EMAIL": "course@localhost", "GIT_COMMITTER_NAME": "course"}
    env = {**os.environ, **ident, "GIT_COMMITTER_EMAIL": "course@localhost"}
    for command in (["init", "-q", "-b", branch], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run(["git", "-C", str(work), *command], check=True, env=env, capture_output=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(destination)], check=True, capture_output=True)
    shutil.rmtree(work)
    return destination.resolve().as_uri()


def running(process: psutil.Process) -> bool:
    """Whether ``process`` is still alive (a zombie, dead but not yet reaped, is not)."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def stop_processes(processes: list[psutil.Process], grace: float = 10) -> None:
    """Terminate each process's own process group (never the caller's), then kill what is left."""
    mine = os.getpgrp()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        processes = [process for process in processes if running(process)]
        for process in processes:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                group = os.getpgid(process.pid)
                if group != mine:
                    os.killpg(group, sig)
                else:
                    os.kill(process.pid, sig)
        deadline = time.monotonic() + grace
        while any(running(process) for process in processes) and time.monotonic() < deadline:
            time.sleep(0.1)


def _exit_on_sigterm():
    """Make SIGTERM (``timeout``, a CI runner giving up) raise SystemExit, so clean-up code still runs.

    Returns the handler it replaced, or None when it left things alone (not the main thread, or a
    handler of the caller's own is in place).
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        return None

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    return previous


@contextlib.contextmanager
def running_hub(
    state_dir: Path, config: Path = CONFIG, start_timeout: float = 60, spawner: str = "simple"
) -> Iterator[Hub]:
    """Start JupyterHub (and its proxy) on loopback with all its state in ``state_dir``; stop it all after.

    Everything the hub started (proxy, learners' servers, their kernels) is stopped when the block
    ends, however it ends: first the hub's own shutdown, then the process groups of whatever is left.
    """
    proxy = find_proxy()
    if proxy is None:
        raise FileNotFoundError("configurable-http-proxy not found: npm install -g configurable-http-proxy@5")
    state_dir.mkdir(parents=True, exist_ok=True)
    token, password = secrets.token_hex(32), secrets.token_hex(8)
    port = free_port()
    (state_dir / "driver_config.py").write_text(driver_config(token, free_port(), free_port(), config))
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(proxy).parent), str(Path(sys.executable).parent), os.environ["PATH"]]),
        "N2N_HUB_DIR": str(state_dir),
        "N2N_HUB_SPAWNER": spawner,
        "N2N_HUB_PASSWORD": password,
        "N2N_HUB_BIND_URL": f"http://127.0.0.1:{port}",
    }
    log = (state_dir / "jupyterhub.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(state_dir / "driver_config.py")],
        cwd=state_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hub = Hub(f"http://127.0.0.1:{port}", token, state_dir, process, password)
    started: list[psutil.Process] = []
    previous = _exit_on_sigterm()
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{hub.url}/hub/api/", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"JupyterHub did not start within {start_timeout:.0f} s; its log:\n{hub.log_tail()}")
            time.sleep(0.25)
        yield hub
    finally:
        with contextlib.suppress(psutil.Error):
            started = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGTERM)  # the hub stops its servers and its proxy
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        if process.poll() is None:
            stop_processes([psutil.Process(process.pid)])
            process.wait()
        stop_processes(started)
        log.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
