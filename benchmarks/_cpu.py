"""Where a load test's CPU went: the whole machine, the server's process tree and the load
generator, read from /proc and getrusage around the run (None where there is no /proc).

A closed-loop load test can only be as fast as the cores allow: if the machine is busy all the run,
throughput is cores / CPU per request, and a latency budget that needs more throughput than that
cannot be met by ordering the work differently, only by doing less of it per request.
"""
from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Sample:
    machine_busy: float  # seconds of CPU the whole machine spent not idle (all cores)
    machine_all: float  # seconds of CPU time passed on all cores, idle included
    server: float  # the server's processes: the master, its live workers, and the workers it reaped
    clients: float  # this process's finished children: the load generators run meanwhile


def _machine() -> tuple[float, float]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal (guest is inside user)
    return (total - idle) / _TICK, total / _TICK


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # after "pid (comm) ": state is field 3, at index 0


def _tree(pid: int) -> float:
    """utime + stime of `pid` and its reaped children, plus its live children's own."""
    own = _stat(pid)
    if own is None:
        return 0.0
    ticks = sum(int(x) for x in own[11:15])  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(pid):
            st = _stat(int(entry.name))
            if st is not None and st[1] == str(pid):  # ppid
                ticks += int(st[11]) + int(st[12])
    return ticks / _TICK


def sample(server_pid: int) -> Sample | None:
    if not Path("/proc/stat").exists():
        return None
    busy, total = _machine()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Sample(busy, total, _tree(server_pid), ru.ru_utime + ru.ru_stime)


def cpu_line(before: Sample | None, after: Sample | None, requests: int, seconds: float, need_rps: float,
             cores: int) -> str:
    """The run's CPU per request, split server / load generator / the rest (kernel, loopback
    network), and the throughput the cores allow at that cost, against what the budget needs."""
    if before is None or after is None or not requests:
        return "  CPU: not measured (no /proc or no requests)"
    busy = after.machine_busy - before.machine_busy
    share = busy / max(after.machine_all - before.machine_all, 1e-9)
    per = {name: (getattr(after, name) - getattr(before, name)) * 1000 / requests for name in ("server", "clients")}
    total = busy * 1000 / requests
    rest = max(total - per["server"] - per["clients"], 0.0)
    ceiling = cores * 1000 / total if total else float("inf")
    verdict = (f"below the {need_rps:.0f} req/s needed: the budget needs CPU per request cut to "
               f"{cores * 1000 / need_rps:.2f} ms, by {1 - ceiling / need_rps:.0%}, not a different order of work"
               if ceiling < need_rps else f"enough for the {need_rps:.0f} req/s needed")
    return (f"  CPU: the {cores} cores were {share:.0%} busy for {seconds:.0f} s; per request "
            f"{total:.2f} ms of CPU = server (gunicorn) {per['server']:.2f} + load generator (wrk) "
            f"{per['clients']:.2f} + other processes and interrupts {rest:.2f}; at that cost {cores} cores answer "
            f"at most {ceiling:.0f} req/s, {verdict}")
