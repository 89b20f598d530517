"""Dormancy speed: BG/NBD fit and p_alive, the line rules and the input helper, against plain numpy.

Run: python bench/bench_dormancy.py [--customers 1000000] [--fit-customers 5000]
Each line prints the best of several runs and its ratio to a baseline measured in the same run
(a bare numpy pass over the same arrays), so the numbers compare across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import tracemalloc

import numpy as np

from workbench.dormancy import (
    BGNBDParams,
    combine,
    fit_bgnbd,
    p_alive,
    rule_dormancy,
    simulate_bgnbd,
    to_bgnbd_inputs,
)
from workbench.settings import DEFAULTS

CDNOW_LIKE = (0.24, 4.41, 0.79, 2.43)


def best_of(fn, repeats: int = 5) -> float:
    """Fastest wall time of `repeats` calls, in seconds (the first call also warms caches)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def report(label: str, seconds: float, baseline: float, note: str = "") -> None:
    print(f"{label:<44} {seconds * 1000:9.1f} ms   x{seconds / baseline:7.1f} baseline  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--fit-customers", type=int, default=5_000)
    args = parser.parse_args()
    n = args.customers
    rng = np.random.default_rng(2005)
    T = rng.uniform(27.0, 39.0, n)
    x, t_x = simulate_bgnbd(*CDNOW_LIKE, T, rng)
    params = BGNBDParams(*CDNOW_LIKE, log_likelihood=0.0, n=0)
    print(f"{n:,} customers; BG/NBD fit on {args.fit_customers:,}; numpy {np.__version__}")

    # Baseline: one numpy pass of the same size as the work (two logs and a difference).
    baseline = best_of(lambda: np.log(params.alpha + T) - np.log(params.alpha + t_x))
    report("baseline: numpy log pass over the arrays", baseline, baseline)
    report("p_alive", best_of(lambda: p_alive(params, x, t_x, T)), baseline,
           f"peak {peak_mib(lambda: p_alive(params, x, t_x, T)):.0f} MiB")

    m = args.fit_customers
    fit_small = best_of(lambda: fit_bgnbd(x[:m], t_x[:m], T[:m]), repeats=5)
    fitted = fit_bgnbd(x[:m], t_x[:m], T[:m])
    small_base = best_of(lambda: np.log(params.alpha + T[:m]) - np.log(params.alpha + t_x[:m]), repeats=50)
    report(f"fit_bgnbd on {m:,}", fit_small, small_base,
           f"r={fitted.r:.3f} alpha={fitted.alpha:.2f} a={fitted.a:.3f} b={fitted.b:.3f}")
    fit_all = best_of(lambda: fit_bgnbd(x, t_x, T), repeats=1)
    report(f"fit_bgnbd on {n:,}", fit_all, baseline)

    days_activity = rng.uniform(0, 1000, n)
    days_login = np.where(rng.random(n) < 0.2, np.nan, rng.uniform(0, 400, n))
    aum = rng.uniform(0, 1e8, n)
    peak = aum * rng.uniform(1, 3, n)
    rule_base = best_of(lambda: (days_activity / 180 >= 1) | (days_login / 90 >= 1) | (aum < 1e6))
    report("baseline: numpy threshold pass (3 lines)", rule_base, rule_base)
    rules = rule_dormancy(days_activity, days_login, aum, peak, DEFAULTS)
    report("rule_dormancy", best_of(lambda: rule_dormancy(days_activity, days_login, aum, peak, DEFAULTS)),
           rule_base, f"peak {peak_mib(lambda: rule_dormancy(days_activity, days_login, aum, peak, DEFAULTS)):.0f} MiB")
    alive = p_alive(params, x, t_x, T)
    report("combine", best_of(lambda: combine(alive, rules.score, 0.5)), rule_base)

    today = dt.date(2026, 11, 22)
    start = np.datetime64("2019-01-01")
    first = start + rng.integers(0, 2000, n)
    last = first + rng.integers(0, 400, n)
    first_text, last_text = first.astype(str).tolist(), last.astype(str).tolist()
    counts = rng.integers(0, 30, n).tolist()
    parse_base = best_of(lambda: np.array(first_text, dtype="datetime64[D]"), repeats=3)
    report("baseline: numpy parse of one date column", parse_base, parse_base)
    report("to_bgnbd_inputs (3 date columns + count)",
           best_of(lambda: to_bgnbd_inputs(counts, first_text, last_text, first_text, today), repeats=3), parse_base)


if __name__ == "__main__":
    main()
