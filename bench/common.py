"""What the crawl, storage and memory benches share: the machine they ran on, the one form of
a figure line, and child processes timed and measured one at a time, so each figure comes from a
fresh interpreter that nothing else ran in."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import scrapy

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POLL = 0.1  # seconds between reads of a child's memory high-water mark


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"machine: {os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, "
            f"Python {platform.python_version()}, Scrapy {scrapy.__version__}, "
            f"SQLite {sqlite3.sqlite_version}; load average {load}")


def figure(name: str, ours: float, peer_name: str, peer: float, unit: str, target: str,
           digits: int = 1, ours_at: str = "") -> str:
    """`NAME: ours=X UNIT, PEER=Y UNIT, ratio=R (target T)`, the ratio being ours over the peer;
    `ours_at` says where ours was measured when the peer is ours elsewhere ("at 50k")."""
    ratio = ours / peer if peer else float("nan")
    at = f" at {ours_at}" if ours_at else ""
    return (f"{name}: ours={ours:.{digits}f} {unit}{at}, {peer_name}={peer:.{digits}f} {unit}, "
            f"ratio={ratio:.2f} (target {target})")


@dataclass(frozen=True)
class Child:
    returncode: int
    seconds: float  # wall time from start to exit, interpreter start-up included
    cpu_seconds: float  # user + system of the child itself
    peak_rss_mb: float  # the child's own high-water mark (VmHWM)
    # The largest RSS of the child and all its descendants together (worker processes), as
    # sampled; pages the workers share with the process that forked them count once per process.
    tree_peak_mb: float
    # CPU of the child and all its descendants (as last sampled for each descendant: up to POLL
    # seconds of a descendant's last work may be missed).
    tree_cpu_seconds: float
    log: Path

    def check(self) -> Child:
        if self.returncode != 0:
            tail = self.log.read_text(errors="replace").splitlines()[-20:]
            raise RuntimeError(f"child exited {self.returncode}; end of {self.log}:\n"
                               + "\n".join(tail))
        return self

    def result(self, prefix: str = "RESULT ") -> str:
        """The value a child printed on its line starting with `prefix`."""
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith(prefix):
                return line.removeprefix(prefix)
        raise RuntimeError(f"no {prefix.strip()} line in {self.log}")


def run_child(command: list[str], log: Path, env: dict[str, str] | None = None) -> Child:
    """Run one command to its end, output to `log`, reading its memory from /proc every POLL
    seconds. Its own peak is its VmHWM: ru_maxrss will not do, because Linux carries the parent's
    high-water mark over the exec (a bench that built a large synthetic site would lend every
    child its own size)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak_kb = tree_kb = 0
    descendants_cpu: dict[int, float] = {}
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        while True:
            peak_kb = max(peak_kb, _memory_kb(process.pid, "VmHWM"))
            tree = _tree(process.pid)
            tree_kb = max(tree_kb, sum(_memory_kb(pid, "VmRSS") for pid in tree))
            for pid in tree[1:]:
                descendants_cpu[pid] = max(descendants_cpu.get(pid, 0.0), _cpu_seconds(pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(POLL)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Child(process.returncode, seconds, cpu, peak_kb / 1024, max(tree_kb, peak_kb) / 1024,
                 cpu + sum(descendants_cpu.values()), log)


def _cpu_seconds(pid: int) -> float:
    """User and system time of a running process, from /proc (0 once it has exited)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_kb(pid: int, field: str) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    return int(found[1]) if found else 0  # a process that has exited has no memory left


def _tree(root: int) -> list[int]:
    """The process and every process descending from it, from the parent ids in /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += children.get(pid, [])
    return found
