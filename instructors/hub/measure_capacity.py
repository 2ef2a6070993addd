"""How much one learner costs the hub, lesson by lesson: memory, CPU time and waiting time.

Starts the hub of ``jupyterhub_config.py`` on loopback (as ``tests/test_hub.py`` does), gives N learners
the course through an nbgitpuller link, and has all N run a lesson's solution notebook from top to bottom
at the same time, each in a fresh kernel through the kernel API. While they run, every learner's
single-user server and everything under it (the kernel, anything the kernel starts) is sampled with
psutil. Per learner and lesson it records the peak resident memory (RSS) and unique memory (USS) of
that process tree, the CPU seconds it used and the wall time of the run, for N = 1, 2, 4, 8 by default::

    python instructors/hub/measure_capacity.py                      # all lessons, N = 1 2 4 8
    python instructors/hub/measure_capacity.py --lessons 00 05 --learners 1 4 16 --out capacity.json
    python instructors/hub/measure_capacity.py --report capacity.json more.json   # the table again

It prints a Markdown table per lesson and the capacity estimate of ``instructors/capacity.md``.
Other work on the machine slows the runs down: the load average before and after each run is recorded.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import nbformat
import psutil
from hub_driver import ROOT, Hub, course_repository, running_hub

COURSE = "neurons-to-networks"
MB = 1024 * 1024
#: Assumptions of the capacity estimate (see instructors/capacity.md).
RUNS_PER_LESSON = 3  # a learner runs each cell about three times during the lesson (retries, re-runs)
CPU_TARGET = 0.5  # plan for half the cores busy on average, so a room's bursts still get answered
RESERVE_GB = 1.0  # the operating system, the hub and its proxy
KERNELS_PER_LEARNER = 2  # this lesson's kernel and the last one's, until the hub stops it after an idle hour
MACHINES = [(2, 4), (4, 8), (4, 16), (8, 32), (16, 64)]  # (cores, GB)


class TreeSampler(threading.Thread):
    """Samples one learner's server process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.interval = psutil.Process(pid), interval
        self.peak_rss = self.peak_uss = 0
        self.cpu: dict[int, float] = {}  # last CPU seconds seen per process
        self.start_cpu = self._cpu(self.root)
        self.done = threading.Event()

    @staticmethod
    def _cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    def sample(self) -> None:
        rss = uss = 0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                memory = process.memory_full_info()
                self.cpu[process.pid] = self._cpu(process)
            except psutil.Error:
                continue
            rss, uss = rss + memory.rss, uss + memory.uss
        self.peak_rss, self.peak_uss = max(self.peak_rss, rss), max(self.peak_uss, uss)

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(self.interval)

    def cpu_seconds(self) -> float:
        """CPU time of the tree since sampling began (the server's own time counted from then)."""
        return sum(self.cpu.values()) - self.start_cpu


def cleared(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def run_once(hub: Hub, name: str, *, lesson: Path, timeout: float) -> dict:
    """One learner runs the lesson in a fresh kernel; what it cost."""
    learner = hub.learner(name)
    sampler = TreeSampler(hub.server_pid(name))
    sampler.start()
    start = time.monotonic()
    with learner.kernel(timeout=timeout) as kernel:
        kernel.run_notebook(cleared(lesson))
        seconds = time.monotonic() - start
        sampler.sample()  # the kernel's last CPU time, before it is shut down
    sampler.done.set()
    sampler.join()
    return {
        "wall_s": seconds,
        "cpu_s": sampler.cpu_seconds(),
        "peak_rss_mb": sampler.peak_rss / MB,
        "peak_uss_mb": sampler.peak_uss / MB,
    }


def measure(lessons: list[Path], counts: list[int], state: Path, timeout: float, out: Path) -> dict:
    """Run every lesson with every room size; every number so far is in ``out`` after each run."""
    names = [f"learner{i:02d}" for i in range(1, max(counts) + 1)]
    repo = course_repository(state / "course.git")
    results = {"cpu_count": os.cpu_count(), "memory_gb": psutil.virtual_memory().total / 1024**3, "runs": []}
    with running_hub(state / "hub") as hub:
        hub.add_learners(names)
        ready = hub.start_servers(names, timeout=60 + 15 * len(names))
        results["servers_ready_s"] = max(ready.values())
        print(f"{len(names)} servers ready after {results['servers_ready_s']:.0f} s", flush=True)
        with ThreadPoolExecutor(len(names)) as pool:
            list(pool.map(lambda name: hub.learner(name).pull(repo, "main", COURSE), names))
        print("course pulled by every learner", flush=True)
        results["idle_server_rss_mb"] = statistics.median(
            psutil.Process(hub.server_pid(name)).memory_info().rss / MB for name in names
        )
        hub_tree = [psutil.Process(hub.process.pid), *psutil.Process(hub.process.pid).children()]
        results["hub_and_proxy_rss_mb"] = (
            sum(p.memory_info().rss for p in hub_tree if p.pid not in {hub.server_pid(n) for n in names}) / MB
        )
        for lesson in lessons:
            for count in counts:
                load_before = os.getloadavg()[0]
                began = time.monotonic()
                with ThreadPoolExecutor(count) as pool:
                    runs = list(pool.map(partial(run_once, hub, lesson=lesson, timeout=timeout), names[:count]))
                record = {
                    "lesson": lesson.stem,
                    "learners": count,
                    "room_wall_s": time.monotonic() - began,
                    "load_before": load_before,
                    "load_after": os.getloadavg()[0],
                    "per_learner": runs,
                }
                results["runs"].append(record)
                out.write_text(json.dumps(results, indent=1))
                print(summary_line(record), flush=True)
    return results


def summary_line(record: dict) -> str:
    runs = record["per_learner"]
    wall = [r["wall_s"] for r in runs]
    return (
        f"{record['lesson']:<28} N={record['learners']:<3} wall median {statistics.median(wall):6.1f} s"
        f" max {max(wall):6.1f} s | CPU {statistics.median(r['cpu_s'] for r in runs):5.1f} s"
        f" | peak RSS {max(r['peak_rss_mb'] for r in runs):5.0f} MB, USS {max(r['peak_uss_mb'] for r in runs):5.0f} MB"
        f" | load {record['load_before']:.1f} -> {record['load_after']:.1f}"
    )


def lesson_minutes(lesson: str, root: Path = ROOT) -> int:
    """The lesson's own time estimate (teaching + exercises), from its first cell.

    >>> lesson_minutes("00_setup_check")
    10
    """
    first = nbformat.read(root / "solutions" / f"{lesson}.ipynb", as_version=4).cells[0].source
    found = re.search(r"Teaching: (\d+) min · Exercises: (\d+) min", first)
    if found is None:
        raise ValueError(f"lesson_minutes: no 'Teaching: N min · Exercises: M min' line in {lesson}'s first cell")
    return int(found[1]) + int(found[2])


def planned_mb(peak_rss_mb: float, idle_server_mb: float) -> float:
    """Memory to plan per learner: the server with ``KERNELS_PER_LEARNER`` lesson kernels at their peak.

    >>> planned_mb(300, 150)  # a 150 MB server and two 150 MB kernels
    450.0
    """
    return float(idle_server_mb + KERNELS_PER_LEARNER * (peak_rss_mb - idle_server_mb))


def learners_per_machine(cores: int, gb: float, mb: float, cpu_s: float, minutes: float) -> tuple[int, int]:
    """How many learners fit by memory and by CPU (the smaller one is the answer).

    Memory: every learner holds ``mb`` (see :func:`planned_mb`), after ``RESERVE_GB`` for the system.
    CPU: a learner runs the lesson ``RUNS_PER_LESSON`` times in the lesson's ``minutes``; the room may
    keep ``CPU_TARGET`` of the cores busy on average.

    >>> learners_per_machine(2, 4, 300, 10, 50)
    (10, 100)
    """
    by_memory = math.floor((gb - RESERVE_GB) * 1024 / mb)
    duty = RUNS_PER_LESSON * cpu_s / (minutes * 60)  # the fraction of one core a learner keeps busy
    by_cpu = math.floor(cores * CPU_TARGET / duty)
    return by_memory, by_cpu


def capacity_table(results: dict) -> str:
    """Markdown: per lesson, the measured costs and the learners each machine size holds.

    Of two runs of the same lesson and room size, the later one counts.
    """
    latest = {(run["lesson"], run["learners"]): run for run in results["runs"]}  # a repeated run replaces
    lessons = sorted({lesson for lesson, _ in latest})
    machines = " | ".join(f"{c} cores, {g} GB" for c, g in MACHINES)
    lines = [
        f"| lesson | peak RSS, one kernel (MB) | planned per learner (MB) | CPU s per run | run alone (s)"
        f" | slowest of N at once | {machines} |",
        "|---|---:|---:|---:|---:|---|" + "---:|" * len(MACHINES),
    ]
    for lesson in lessons:
        runs = sorted((run for (name, _), run in latest.items() if name == lesson), key=lambda run: run["learners"])
        everyone = [r for run in runs for r in run["per_learner"]]
        rss = max(r["peak_rss_mb"] for r in everyone)
        cpu = statistics.median(r["cpu_s"] for r in everyone)
        alone = min((r["wall_s"] for run in runs if run["learners"] == 1 for r in run["per_learner"]), default=math.nan)
        together = ", ".join(
            f"{run['learners']}: {max(r['wall_s'] for r in run['per_learner']):.0f} s"
            for run in runs
            if run["learners"] > 1
        )
        minutes, mb = lesson_minutes(lesson), planned_mb(rss, results["idle_server_rss_mb"])
        fits = []
        for cores, gb in MACHINES:
            by_memory, by_cpu = learners_per_machine(cores, gb, mb, cpu, minutes)
            fits.append(f"**{min(by_memory, by_cpu)}** ({'memory' if by_memory <= by_cpu else 'CPU'})")
        lines.append(
            f"| {lesson} | {rss:.0f} | {mb:.0f} | {cpu:.1f} | {alone:.1f} | {together} | " + " | ".join(fits) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", nargs="*", default=[], help="lesson numbers, e.g. 00 05 (default: all)")
    parser.add_argument("--learners", nargs="*", type=int, default=[1, 2, 4, 8], help="room sizes to run at once")
    parser.add_argument("--out", type=Path, default=Path("capacity.json"), help="where to write every number")
    parser.add_argument(
        "--state", type=Path, default=None, help="folder for the hub's state (default: a temporary one)"
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds one cell may take")
    parser.add_argument("--report", nargs="+", type=Path, help="measure nothing: print the table of saved results")
    args = parser.parse_args(argv)
    if args.report:
        saved = [json.loads(path.read_text()) for path in args.report]
        print(capacity_table({**saved[0], "runs": [run for result in saved for run in result["runs"]]}))
        return
    lessons = sorted(
        path
        for path in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")
        if not args.lessons or path.name[:2] in args.lessons
    )
    if not lessons:
        parser.error(f"no solution notebook matches --lessons {' '.join(args.lessons)}")
    with tempfile.TemporaryDirectory(prefix="n2n-capacity-") as scratch:
        results = measure(lessons, sorted(set(args.learners)), args.state or Path(scratch), args.timeout, args.out)
    results["assumptions"] = {
        "runs_per_lesson": RUNS_PER_LESSON,
        "cpu_target": CPU_TARGET,
        "reserve_gb": RESERVE_GB,
        "kernels_per_learner": KERNELS_PER_LEARNER,
    }
    args.out.write_text(json.dumps(results, indent=1))
    print(
        f"\nservers ready: {results['servers_ready_s']:.0f} s for {max(args.learners)} learners at once;"
        f" idle server {results['idle_server_rss_mb']:.0f} MB RSS; hub + proxy {results['hub_and_proxy_rss_mb']:.0f} MB"
    )
    print(capacity_table(results))
    print(f"\nall numbers: {args.out}")


if __name__ == "__main__":
    main()
