"""Benchmark: the risk simulation (``reserves.risks.simulate``) — 100,000 years over 50
plausible risks of a public-health body, fixed seed.

Not a test (nothing is asserted on time). No database. Run:

    .venv/bin/python tests/bench/bench_simulation.py [--repeat 15] [--iterations 100000]

Prints the median wall time of ``simulate`` over ``--repeat`` runs (after one warm-up),
the **floor** — the median time the same generator needs only to draw the same uniform
numbers in the same chunks — and their ratio, and the peak memory of one run: traced
NumPy/Python allocations (tracemalloc) and the growth of the process's maximum resident
set (first run in a fresh process, so it includes NumPy's own first allocations).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reserves.risks import CHUNK_CELLS, Risk, simulate  # noqa: E402


def plausible_risks(count: int = 50) -> list[Risk]:
    """``count`` risks over the five classes: triangles from a few thousand euros to half a
    million, a fifth of them known by a single amount."""
    risks = []
    for n in range(count):
        probability = Decimal(("0.10", "0.30", "0.50", "0.70", "0.90")[n % 5])
        base = Decimal(5_000 + (n * 7_919) % 95_000)
        if n % 5 == 4:
            risks.append(Risk.single(probability, base * 2, f"Risk {n + 1}"))
        else:
            risks.append(Risk(probability, base, base * 2, base * 5, f"Risk {n + 1}"))
    return risks


def draw_only(iterations: int, risks: int, seed: int) -> None:
    """The floor: the same generator drawing the same numbers in the same chunks."""
    import numpy as np

    rng = np.random.default_rng(seed)
    chunk = max(1, CHUNK_CELLS // max(1, risks))
    for start in range(0, iterations, chunk):
        rng.random((min(chunk, iterations - start), risks))


def median_ms(run, repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--risks", type=int, default=50)
    args = parser.parse_args()
    risks = plausible_risks(args.risks)
    seed = 20240710

    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = simulate(risks, iterations=args.iterations, seed=seed)
    maxrss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - maxrss_before
    tracemalloc.start()
    simulate(risks, iterations=args.iterations, seed=seed)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    simulation = median_ms(
        lambda: simulate(risks, iterations=args.iterations, seed=seed), args.repeat
    )
    floor = median_ms(lambda: draw_only(args.iterations, len(risks), seed), args.repeat)
    print(f"{args.iterations:,} years × {len(risks)} risks, seed {seed}, median of {args.repeat}")
    print(f"  required at {result.certainty:.0%}: € {result.required:,}")
    print(f"  mean € {result.mean:,}  (expected loss € {result.expected:,})")
    print(f"  simulate          {simulation:8.1f} ms")
    print(f"  floor (draw only) {floor:8.1f} ms")
    print(f"  ratio             {simulation / floor:8.2f} ×")
    print(f"  peak traced memory {peak / 2**20:7.1f} MiB (tracemalloc, one run)")
    print(f"  max RSS growth     {maxrss_growth / 1024:7.1f} MiB (first run in this process)")


if __name__ == "__main__":
    main()
