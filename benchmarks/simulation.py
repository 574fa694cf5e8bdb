"""Batch scoring of 1,000,000 applicants vs OpenFisca and the per-applicant loop; console preview; memory."""
from __future__ import annotations

import datetime as dt
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from calculator.core.policy import default_policy
from calculator.core.scoring import score_items
from calculator.simulation.batch import BatchScheme
from calculator.simulation.simulate import cut, simulate
from calculator.simulation.synthetic import row_facts, synthetic_population

PEER = Path(__file__).resolve().parents[2] / "shared" / "peers" / "openfisca_beijing.py"
AS_OF = dt.date(2022, 6, 30)
N = 1_000_000


def _peer_seconds() -> tuple[float | None, str]:
    if not PEER.exists():
        return None, "peer script not found"
    try:
        out = subprocess.run([sys.executable, str(PEER), str(N)], capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, "peer timed out"
    m = re.search(r"in ([0-9.]+) s", out.stdout)
    return (float(m.group(1)), out.stdout.strip()) if m else (None, (out.stderr or out.stdout).strip()[-300:])


def run() -> list[str]:
    policy = default_policy()
    scheme = policy.schemes["beijing-2020"]
    lines = []

    tracemalloc.start()
    pop = synthetic_population(N, policy.vocab, seed=7)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        batch = BatchScheme(scheme, policy.vocab)
        _, total = batch.score(pop, AS_OF)
        c, admitted = cut(total, 6000)
        runs.append(time.perf_counter() - t0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ours = statistics.median(runs)
    lines.append(f"batch engine: {N:,} applicants scored exactly (int64 hundredths) and cut at quota 6000 in "
                 f"{ours:.3f} s (median of 3) = {N / ours:,.0f}/s, cutoff {c / 100:.2f}, {int(admitted.sum())} admitted")
    lines.append(f"memory for {N:,} applicants (population + scoring, tracemalloc peak): {peak / 2**20:.0f} MiB "
                 f"[budget 1024 MiB: {'within' if peak < 2**30 else 'OVER'}]")

    peer, text = _peer_seconds()
    if peer is None:
        lines.append(f"OpenFisca peer: not measured ({text})")
    else:
        lines.append(f"OpenFisca peer, same run: {text}")
        lines.append(f"  ratio batch / OpenFisca time: {ours / peer:.2f} [budget <= 0.50, issue 19: "
                     f"{'within' if ours <= 0.5 * peer else 'OVER'}] (OpenFisca in float32, not exact)")

    sample = 20_000
    facts = [row_facts(pop, i, policy.vocab) for i in range(sample)]
    t0 = time.perf_counter()
    for f in facts:
        score_items(scheme, f, AS_OF)
    per = (time.perf_counter() - t0) / sample
    loop = per * N
    lines.append(f"per-applicant engine loop: {per * 1e6:.1f} µs each, {loop:.1f} s for {N:,} "
                 f"(measured on {sample:,}); batch is {loop / ours:.0f}x faster [budget >= 50x: "
                 f"{'within' if loop / ours >= 50 else 'OVER'}]")

    small = synthetic_population(100_000, policy.vocab, seed=11)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        simulate(small, AS_OF, 6000, scheme, policy.vocab, draft=policy.schemes["beijing-2016"])
        times.append(time.perf_counter() - t0)
    prev = statistics.median(times) * 1000
    lines.append(f"console preview, 100,000 applicants, published + draft with all summaries: {prev:.0f} ms "
                 f"(median of 5) [budget 100 ms: {'within' if prev <= 100 else 'OVER'}]")
    return lines
