"""Transaction histories from the BG/NBD story, drawn in constant time per customer.

While alive a customer transacts as a Poisson process with rate lambda ~ Gamma(r, alpha); after
every transaction they drop out with probability p ~ Beta(a, b). The number of repeat
transactions before dropping out is geometric, the time they take is Gamma distributed, and the
Poisson process is memoryless, so first/last activity and the 12-month count need no event loop.
"""

from __future__ import annotations

import math
import random

# Population parameters, in days: about eighteen transactions a year on average, and a typical
# customer stays for a few dozen transactions, so long-standing accounts include many that fell asleep.
MEAN_RATE = 0.05      # lambda ~ Gamma(r = 1, mean 0.05 a day = about 18 a year): an exponential
BETA_A = 0.5
BETA_B = 30.0
YEAR = 365


def poisson(rng: random.Random, mean: float) -> int:
    """Poisson variate: Knuth's product method for small means, a rounded normal for large ones."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    k, prod = 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def draw_history(rng: random.Random, first: int, today: int) -> tuple[int, int]:
    """(last activity day, transactions in the last 365 days) from the first one up to today (ordinals)."""
    rate = rng.expovariate(1.0 / MEAN_RATE)
    p_drop = min(max(rng.betavariate(BETA_A, BETA_B), 1e-9), 0.999999)
    age = today - first
    repeats = int(math.log(1.0 - rng.random()) / math.log1p(-p_drop))   # geometric, from 0
    if repeats > 0 and rate > 0:
        span = rng.gammavariate(repeats, 1.0 / rate)
    else:
        span = 0.0
    if span < age:
        last = first + int(span)                      # dropped out after the last repeat
    else:
        gap = rng.expovariate(rate) if rate > 0 else age
        last = max(first, today - 1 - int(gap))       # still alive: the latest arrival before today
    window_start = today - YEAR
    if last < window_start:
        count = 0
    else:
        count = 1 + poisson(rng, rate * (last - max(first, window_start)))
        count = min(count, repeats + 1) if span < age else count
    return last, count
