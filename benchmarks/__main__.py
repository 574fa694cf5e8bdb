"""`make bench`: run every benchmark module and print its figures."""
import importlib
import pkgutil
import sys
import time

import benchmarks


def main() -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if not m.name.startswith("_") and m.name != "bare_app")  # bare_app is a baseline app, not a benchmark
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
