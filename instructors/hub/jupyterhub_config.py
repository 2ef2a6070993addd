"""JupyterHub for one machine and one room: Neurons to Networks (The Littlest JupyterHub's shape).

Learners log in with any user name and the room's shared password, and each gets a JupyterLab of
their own, started from the environment the hub runs in (the course's: Python, nnlib, ipywidgets,
nbgitpuller), so the kernel, the sliders and the ``git-pull`` link all come from one place; when the
link updates the course, notebooks are merged cell by cell (``nnlib.updates``). The
recipe is in ``README.md`` next to this file; start with::

    N2N_HUB_PASSWORD='a room password' jupyterhub -f instructors/hub/jupyterhub_config.py

Settings come from environment variables, so this file is used unchanged:

``N2N_HUB_PASSWORD``
    The learners' shared password (at least 8 characters). Required.
``N2N_HUB_ADMIN_PASSWORD``, ``N2N_HUB_ADMINS``
    Optional: a separate password (at least 32 characters) for the comma-separated admin names,
    who get the hub's admin panel (``/hub/admin``: add, start and stop learners).
``N2N_HUB_DIR``
    Where the hub keeps its state (database, cookie secret) and, for the ``simple`` spawner, the
    learners' home folders (``$N2N_HUB_DIR/home/NAME``). Default ``/srv/neurons-to-networks``.
``N2N_HUB_SPAWNER``
    ``simple`` (default): every learner's server runs as the Unix user who started the hub. Good for
    a test or a one-day room on a machine used for nothing else; learners' *kernels* can read each
    other's files (the hub only keeps them out of each other's servers).
    ``system``: each learner is a real Unix user (created on first start with ``useradd``, home
    ``/home/NAME``); the hub must run as root. Use this for anything that lasts or holds real data.
``N2N_HUB_BIND_URL``
    Where the hub listens. Default ``http://127.0.0.1:8000`` (this machine only); use
    ``http://0.0.0.0:8000`` for the room, behind HTTPS (see the README).
``N2N_HUB_IDLE_MINUTES``
    A learner's kernels stop after this many idle minutes, and the server after twice as long; their
    files stay, and the next visit starts the server again. Default 60; 0 turns it off.
"""

import os
import pwd
import subprocess
import sys
from pathlib import Path

from nnlib.updates import git_environment

c = get_config()  # noqa: F821 (JupyterHub defines get_config when it loads this file)

HUB_DIR = Path(os.environ.get("N2N_HUB_DIR", "/srv/neurons-to-networks")).resolve()
SPAWNER = os.environ.get("N2N_HUB_SPAWNER", "simple")
IDLE_MINUTES = int(os.environ.get("N2N_HUB_IDLE_MINUTES", "60"))
ENV_BIN = Path(sys.prefix) / "bin"  # the environment JupyterHub itself runs from: the course's
#: Unix-friendly learner names: a letter, then letters, digits, '-' or '_' (at most 32 characters).
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"

HUB_DIR.mkdir(parents=True, exist_ok=True)

# --- where the hub listens and keeps its state -------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("N2N_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.db_url = f"sqlite:///{HUB_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB_DIR / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(HUB_DIR / "jupyterhub-proxy.pid")

# --- who may log in ----------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("N2N_HUB_PASSWORD")
c.SharedPasswordAuthenticator.admin_password = os.environ.get("N2N_HUB_ADMIN_PASSWORD")
c.Authenticator.admin_users = {name.strip() for name in os.environ.get("N2N_HUB_ADMINS", "").split(",") if name.strip()}
c.Authenticator.allow_all = True  # anyone with the room's password picks a name and gets a server
c.Authenticator.username_pattern = USERNAME_PATTERN

# --- one environment for everyone: the single-user server and its kernel come from ENV_BIN ------
c.Spawner.cmd = [str(ENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "PATH": f"{ENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    # nbgitpuller's merges (the hand-out link clicked again) go cell by cell through the course's
    # notebook merge driver, so a learner's added cells and the course's new ones are both kept
    **git_environment(),
}
c.Spawner.start_timeout = 120  # a full room starting at once on a small machine takes a while
c.Spawner.http_timeout = 120
c.Spawner.args = ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
if IDLE_MINUTES > 0:
    # Idle culling inside each learner's server: no extra service needed.
    c.Spawner.args += [
        f"--MappingKernelManager.cull_idle_timeout={IDLE_MINUTES * 60}",
        "--MappingKernelManager.cull_interval=300",
        f"--ServerApp.shutdown_no_activity_timeout={IDLE_MINUTES * 120}",
    ]


def ensure_system_user(spawner, run=subprocess.run, lookup=pwd.getpwnam, chmod=os.chmod):
    """Create the learner's Unix account the first time their server starts; only they can read its home.

    Used as the ``system`` spawner's ``pre_spawn_hook``; an existing account is left alone. (``useradd``
    makes homes readable by everyone on Debian and Ubuntu, hence the ``chmod``.)
    """
    name = spawner.user.name
    try:
        lookup(name)
    except KeyError:
        run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
        chmod(lookup(name).pw_dir, 0o700)


if SPAWNER == "simple":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(HUB_DIR / "home" / "{username}")
    if os.geteuid() == 0:
        # Servers run as the hub's user; as root, jupyter_server refuses to start without this.
        c.Spawner.args.append("--allow-root")
elif SPAWNER == "system":
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.pre_spawn_hook = ensure_system_user
else:
    raise ValueError(f"jupyterhub_config.py: N2N_HUB_SPAWNER must be 'simple' or 'system', got {SPAWNER!r}")
