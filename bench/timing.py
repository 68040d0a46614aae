"""What the bench scripts share: run a command in a fresh process, several times, interleaved
with its floor, and print medians and ratios.

Each round runs every step once (dtt's and the floor's, and a second checkout's when one is
given), so that the load of a shared machine falls on all of them alike; a figure is the
median of the rounds. Python modules are compiled first (`compileall`), as an installed
package is: with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile dtt anew.
"""

from __future__ import annotations

import compileall
import os
import pty
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare(*trees: Path) -> None:
    """Compile each checkout's dtt package (the bytecode an installed package has)."""
    for tree in trees:
        compileall.compile_dir(str(tree / "dtt"), quiet=1)


def dtt(tree: Path | None = None) -> list[str]:
    """The command that runs dtt from `tree` (default: this checkout)."""
    return [sys.executable, "-c",
            f"import sys; sys.path.insert(0, {str(tree or ROOT)!r}); from dtt.cli import main; "
            "sys.argv[0] = 'dtt'; main()"]


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 1 << 16):
            pass
    except OSError:
        pass


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(argv: Sequence[str], *, tty: bool = False,
        env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall, cpu) seconds of one run, output discarded (to a pseudo-terminal if `tty`);
    cpu is the process's user + system time, which a loaded machine inflates far less."""
    environ = {**os.environ, **(env or {})}
    if not tty:
        cpu, start = _cpu(), time.perf_counter()
        subprocess.run(list(argv), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=environ)
        return time.perf_counter() - start, _cpu() - cpu
    main, child = pty.openpty()
    reader = threading.Thread(target=_drain, args=(main,), daemon=True)
    reader.start()
    cpu, start = _cpu(), time.perf_counter()
    try:
        subprocess.run(list(argv), check=True, stdout=child, stderr=child, env=environ)
        elapsed = time.perf_counter() - start, _cpu() - cpu
    finally:
        os.close(child)
        reader.join(5)
        os.close(main)
    return elapsed


CPU: dict[str, float] = {}  # label → median cpu seconds of the last measure()


def measure(steps: dict[str, tuple[Sequence[str], bool]], repeat: int,
            env: dict[str, str] | None = None) -> dict[str, float]:
    """label → median wall seconds over `repeat` interleaved rounds (and the median cpu
    seconds in CPU); each step is (argv, at a terminal)."""
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in steps}
    for _ in range(repeat):
        for label, (argv, tty) in steps.items():
            times[label].append(run(argv, tty=tty, env=env))
    CPU.clear()
    CPU.update({label: statistics.median(c for _, c in values)
                for label, values in times.items()})
    return {label: statistics.median(w for w, _ in values) for label, values in times.items()}


def line(label: str, seconds: float, floor: float | None = None,
         floor_label: str = "floor", before: float | None = None) -> str:
    """One figure: the median, its floor and dtt ÷ floor, and the figure before if given."""
    text = f"{label:<44} {seconds:7.2f} s"
    if floor:
        text += f"   {floor_label} {floor:5.2f} s   × {seconds / floor:5.1f}"
    if before:
        text += f"   before {before:6.2f} s ({before / seconds:4.1f}× faster now)"
    return text


def cpu_line(label: str, key: str, floor_key: str | None = None,
             before_key: str | None = None) -> str:
    """The same figure in cpu seconds (user + system) from the last measure()."""
    return line(label + " [cpu]", CPU[key], CPU.get(floor_key or ""), "floor",
                CPU.get(before_key or ""))


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return (f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load {load:.1f}, "
            f"commit {commit or '?'}")
