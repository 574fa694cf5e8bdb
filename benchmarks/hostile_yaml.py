"""Hostile YAML in the console (alias bomb, 5,000 open brackets, the largest upload) is refused or read within 1 s."""
from __future__ import annotations

import time

from calculator.storage import versions as V

LOL = '["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
BOMB = "a: &a " + LOL + "\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9))
CASES = {"alias bomb (9 levels, 470 bytes)": BOMB, "'[' x 5000": "[" * 5000, "'[' x 250,000 (the upload limit)": "[" * 250_000,
         "250 KB of flow mappings (a valid document)": "items:\n" + "".join(f"  - {{id: i{i}, points: {i}, note: 'some text here'}}\n"
                                                          for i in range(4800))}


def run() -> list[str]:
    lines = []
    for name, text in CASES.items():
        t0 = time.perf_counter()
        try:
            V.from_yaml(text)
            outcome = "read"
        except V.VersionError as e:
            outcome = f"refused ({e.code})"
        ms = (time.perf_counter() - t0) * 1000
        budget = ("(no budget: not hostile, the largest legitimate upload; shipped schemes are about 10 KB)"
                  if outcome == "read" else f"[budget < 1000 ms: {'within' if ms < 1000 else 'OVER'}]")
        lines.append(f"{name}: {outcome} in {ms:.0f} ms {budget}")
    return lines
