"""`make bench`: run every benchmark module and print its figures."""
import importlib
import pkgutil
import sys
import time

import benchmarks

BASELINE_APPS = {"bare_app", "floor_app"}  # apps the server benchmark measures against, not benchmarks


def main() -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if not m.name.startswith("_") and m.name not in BASELINE_APPS)
    wanted = sys.argv[1:] or names
    for name in wanted:
        mod = importlib.import_module(f"benchmarks.{name}")
        t0 = time.perf_counter()
        print(f"== {name}: {(mod.__doc__ or '').strip().splitlines()[0]}", flush=True)
        for line in mod.run():
            print(line, flush=True)
        print(f"   ({time.perf_counter() - t0:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
