"""Start-up: `dtt --help` and `dtt --version` against `python -c pass` (the floor), each the
median of several interleaved runs. Prints figures; not a test.

    python bench/bench_startup.py [--repeat N] [--before PATH]

--before PATH times a second checkout of dtt (e.g. an export of an earlier commit) in the same
rounds, for before/after figures under the same load.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timing import cpu_line, dtt, line, machine, measure, prepare

FLOOR = [sys.executable, "-c", "pass"]
TYPER = [sys.executable, "-c", "import typer"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another checkout to time alike")
    args = parser.parse_args()
    prepare(*([args.before] if args.before else []), Path(__file__).resolve().parent.parent)
    steps = {"floor": (FLOOR, False), "import typer": (TYPER, False),
             "dtt --help": ([*dtt(), "--help"], False),
             "dtt --version": ([*dtt(), "--version"], False)}
    if args.before:
        steps["before --help"] = ([*dtt(args.before), "--help"], False)
        steps["before --version"] = ([*dtt(args.before), "--version"], False)
    got = measure(steps, args.repeat)
    floor = got["floor"]
    print(machine())
    print(line("python -c pass", floor))
    print(line("python -c 'import typer'", got["import typer"], floor, "python"))
    for step in ("--help", "--version"):
        seconds = got[f"dtt {step}"]
        print(line(f"dtt {step}", seconds, floor, "python", got.get(f"before {step}"))
              + f"   after python {seconds - floor:.2f} s")
    for step in ("--help", "--version"):
        print(cpu_line(f"dtt {step}", f"dtt {step}", "floor", f"before {step}"))


if __name__ == "__main__":
    main()
