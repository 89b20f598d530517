"""The BG/NBD model: who is still "alive", from activity count, recency and age.

Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
Pareto/NBD model", Marketing Science 24(2). While alive a customer transacts at a Poisson rate
lambda ~ Gamma(r, alpha); after every repeat transaction they drop out for good with probability
p ~ Beta(a, b). Per customer the data are x (repeat transactions after the first), t_x (time of the
last one, counted from the first) and T (time from the first transaction to the end of the
observation). Any time unit works if it is used for t_x and T alike; alpha is in that unit.

Everything here is vectorised numpy in log space and never touches a database or the clock.
scipy is imported where it is used: it costs about 40 MB and 0.2 s that whatever only imports this
module (an import reading its scoring inputs while it reads the file, the CLI, the app) does not need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_CUSTOMERS = 10      # fewer rows than this cannot identify four parameters
_LOG_BOUND = 15.0       # the optimiser keeps log-parameters within +-15 ...
_LOG_EDGE = 11.5        # ... and a result beyond +-11.5 (1e-5 .. 1e5) means the data cannot identify it
_PARAM_NAMES = ("r", "alpha", "a", "b")


class BGNBDFitError(RuntimeError):
    """The optimiser did not reach a usable maximum; callers fall back to the rule score."""


@dataclass(frozen=True)
class BGNBDParams:
    """Fitted BG/NBD parameters and the maximised log-likelihood over n customers."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n: int

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.r, self.alpha, self.a, self.b)


def _as_1d(name: str, values) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional array, not shape {arr.shape}.")
    return arr


def validate_inputs(frequency, recency, T, *, allow_nan: bool = False):
    """Check and convert the three columns; raise ValueError naming the first problem found."""
    x, t_x, t = np.asarray(frequency, np.float64), np.asarray(recency, np.float64), np.asarray(T, np.float64)
    if not (x.shape == t_x.shape == t.shape):
        raise ValueError(
            f"frequency, recency and T must have the same length, got {x.shape}, {t_x.shape} and {t.shape}."
        )
    checks = [
        ("frequency", x, x < 0, "negative"),
        ("frequency", x, (x != np.floor(x)) & ~np.isnan(x), "not a whole number of transactions"),
        ("recency", t_x, t_x < 0, "negative"),
        ("T", t, t < 0, "negative"),
        ("recency", t_x, (t_x > t) & (x > 0), "later than T (the last transaction after the end of observation)"),
    ]
    if not allow_nan:
        for name, arr in (("frequency", x), ("recency", t_x), ("T", t)):
            if not np.isfinite(arr).all():
                raise ValueError(f"{name} contains missing or infinite values; drop those customers first.")
    else:
        for name, arr in (("frequency", x), ("recency", t_x), ("T", t)):
            if np.isinf(arr).any():
                raise ValueError(f"{name} contains infinite values.")
    with np.errstate(invalid="ignore"):
        for name, arr, bad, what in checks:
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise ValueError(f"{name} is {what} at position {i} (value {arr.flat[i]!r}).")
    return x, t_x, t


class _LogLikelihood:
    """Total log-likelihood and its gradient in log-parameters, with the x-only terms per distinct x."""

    def __init__(self, x: np.ndarray, t_x: np.ndarray, t: np.ndarray):
        self.x_unique, self.inverse = np.unique(x, return_inverse=True)
        self.counts = np.bincount(self.inverse).astype(np.float64)
        self.t_x, self.t = t_x, t
        self.x = x
        self.sum_x = float(x.sum())
        self.n = x.size

    def value_and_grad(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        from scipy.special import betaln, digamma, gammaln

        r, alpha, a, b = np.exp(theta)
        xu, cnt, inv = self.x_unique, self.counts, self.inverse
        # Terms that depend only on x, summed over the distinct x values with their counts.
        a1 = gammaln(r + xu) - gammaln(r) + r * np.log(alpha)
        a2 = betaln(a, b + xu) - betaln(a, b)
        log_b_term = np.where(xu > 0, np.log(a) - np.log(np.maximum(b + xu - 1.0, 1e-300)), -np.inf)
        rx = r + self.x
        log_at = np.log(alpha + self.t)
        log_atx = np.log(alpha + self.t_x)
        a3 = -rx * log_at
        a4 = log_b_term[inv] - rx * log_atx
        mix = np.logaddexp(a3, a4)
        ll = float(cnt @ (a1 + a2) + mix.sum())
        # w is the share of the "dropped out after the last transaction" branch, 0 when x = 0.
        w = np.exp(a4 - mix)
        d_r = cnt @ (digamma(r + xu) - digamma(r) + np.log(alpha)) - ((1 - w) * log_at + w * log_atx).sum()
        d_alpha = self.n * r / alpha - (rx * ((1 - w) / (alpha + self.t) + w / (alpha + self.t_x))).sum()
        dpsi_ab = digamma(a + b) - digamma(a + b + xu)
        d_a = cnt @ dpsi_ab + w.sum() / a
        inv_bx1 = np.where(xu > 0, 1.0 / np.maximum(b + xu - 1.0, 1e-300), 0.0)
        d_b = cnt @ (dpsi_ab + digamma(b + xu) - digamma(b)) - (w * inv_bx1[inv]).sum()
        grad = np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
        return ll, grad


def _param_values(params) -> tuple[float, float, float, float]:
    values = params.as_tuple() if isinstance(params, BGNBDParams) else tuple(params)
    if len(values) != 4 or not all(np.isfinite(v) and v > 0 for v in values):
        raise ValueError("BG/NBD parameters are four positive numbers (r, alpha, a, b).")
    return tuple(float(v) for v in values)


def log_likelihood(params, frequency, recency, T) -> float:
    """Total BG/NBD log-likelihood of the data at the given (r, alpha, a, b) or BGNBDParams."""
    values = _param_values(params)
    x, t_x, t = validate_inputs(_as_1d("frequency", frequency), _as_1d("recency", recency), _as_1d("T", T))
    return _LogLikelihood(x, t_x, t).value_and_grad(np.log(values))[0]


def _initial_theta(x: np.ndarray, t: np.ndarray, initial) -> np.ndarray:
    if initial is not None:
        try:
            return np.log(np.array(_param_values(initial)))
        except ValueError:
            raise ValueError("initial must be four positive numbers (r, alpha, a, b).") from None
    # r = 1 and alpha matching the naive rate: mean repeats over mean age.
    rate = max(float(x.mean()), 1e-3) / max(float(t.mean()), 1e-9)
    return np.log(np.array([1.0, 1.0 / rate, 1.0, 1.0]))


def fit_bgnbd(frequency, recency, T, *, initial=None) -> BGNBDParams:
    """Maximum-likelihood BG/NBD parameters for the customers given as three equal-length arrays.

    frequency: repeat transactions x (whole numbers >= 0); recency: t_x, time of the last
    transaction since the first (ignored where x = 0); T: time since the first transaction; recency
    and T in one time unit. initial: optional starting (r, alpha, a, b).

    Raises ValueError for bad input (lengths differ, negative or missing values, recency > T, fewer
    than MIN_CUSTOMERS customers) and BGNBDFitError when the data cannot be fitted: nobody made a
    repeat transaction, the optimiser reports failure, or a parameter runs off to the edge of its
    range (the data do not identify the model). It never returns an unconverged result.
    """
    from scipy.optimize import minimize

    x, t_x, t = validate_inputs(_as_1d("frequency", frequency), _as_1d("recency", recency), _as_1d("T", T))
    if x.size < MIN_CUSTOMERS:
        raise ValueError(f"BG/NBD needs at least {MIN_CUSTOMERS} customers to fit, got {x.size}.")
    if not (x > 0).any():
        raise BGNBDFitError("No customer made a repeat transaction, so BG/NBD cannot be fitted.")
    # Time is measured in units of the mean age while fitting, so the bounds mean the same in days or weeks.
    unit = float(t.mean()) if t.mean() > 0 else 1.0
    model = _LogLikelihood(x, t_x / unit, t / unit)
    scale = 1.0 / x.size  # the mean keeps the gradient's size independent of the customer count

    def objective(theta):
        # Trial points at the edge of the bounds overflow; they are rejected below, not reported.
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            ll, grad = model.value_and_grad(theta)
        if not np.isfinite(ll):
            return np.inf, np.zeros(4)
        return -ll * scale, -grad * scale

    theta0 = _initial_theta(x, t, initial) - np.array([0.0, np.log(unit), 0.0, 0.0])
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * 4
    result = minimize(objective, theta0, jac=True, method="L-BFGS-B", bounds=bounds,
                      options={"maxiter": 1000, "ftol": 1e-13, "gtol": 1e-8})
    if not result.success:
        # L-BFGS-B sometimes stops on a line-search hiccup near the optimum; polish without bounds.
        retry = minimize(objective, result.x, jac=True, method="BFGS", options={"gtol": 1e-6, "maxiter": 1000})
        if retry.success or (np.isfinite(retry.fun) and retry.fun <= result.fun):
            result = retry
        if not result.success and np.abs(result.jac).max() > 1e-4:
            raise BGNBDFitError(f"The BG/NBD fit did not converge: {result.message}")
    theta = np.asarray(result.x)
    if not np.isfinite(result.fun) or not np.isfinite(theta).all():
        raise BGNBDFitError("The BG/NBD fit ended on a non-finite likelihood.")
    edge = np.abs(theta) > _LOG_EDGE
    if edge.any():
        names = ", ".join(name for name, hit in zip(_PARAM_NAMES, edge) if hit)
        raise BGNBDFitError(f"The BG/NBD fit ran to the edge of the parameter range ({names}); "
                            "the data do not identify the model.")
    r, alpha, a, b = (float(v) for v in np.exp(theta))
    # Back to the caller's unit: alpha scales with time, and each of the sum(x) event densities by 1/unit.
    ll = float(-result.fun / scale - model.sum_x * np.log(unit))
    return BGNBDParams(r=r, alpha=alpha * unit, a=a, b=b, log_likelihood=ll, n=int(x.size))


def p_alive(params, frequency, recency, T):
    """Probability each customer is still alive at T, given x repeat transactions, the last at t_x.

    P = 1 / (1 + [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)), evaluated
    as expit of a log-odds so huge x or T neither overflow nor lose precision. x = 0 gives 1.
    Scalars in, float out; arrays in (any shapes numpy broadcasts together, e.g. one T for all),
    array out. A NaN in any input gives NaN
    for that customer (unknown, not an error); negative values or recency > T raise ValueError.
    """
    from scipy.special import expit

    r, alpha, a, b = _param_values(params)
    scalar = all(np.ndim(v) == 0 for v in (frequency, recency, T))
    try:
        columns = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (frequency, recency, T)))
    except ValueError:
        raise ValueError("frequency, recency and T must have the same length (or broadcast together).") from None
    x, t_x, t = validate_inputs(*columns, allow_nan=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_odds_dead = (np.log(a) - np.log(b + x - 1.0)
                         + (r + x) * (np.log(alpha + t) - np.log(alpha + t_x)))
        prob = expit(-log_odds_dead)
    prob = np.where(x == 0, 1.0, prob)
    prob = np.where(np.isnan(x) | np.isnan(t) | (np.isnan(t_x) & (x != 0)), np.nan, prob)
    return float(prob) if scalar else prob


def simulate_bgnbd(r, alpha, a, b, T, rng: np.random.Generator):
    """Draw (frequency, recency) for customers observed for T each, from the BG/NBD process itself.

    Each customer gets lambda ~ Gamma(r, 1/alpha) and p ~ Beta(a, b); the repeat transaction after
    which they drop out is K ~ Geometric(p). Given N Poisson arrivals in (0, T], x = min(K, N) and
    the x-th arrival is T times a Beta(x, N - x + 1) draw (the x-th of N uniform order statistics).
    """
    t = np.asarray(T, dtype=np.float64)
    n = t.size
    lam = rng.gamma(shape=r, scale=1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    drop_after = rng.geometric(np.clip(p, 1e-12, 1.0))
    arrivals = rng.poisson(lam * t)
    x = np.minimum(drop_after, arrivals)
    t_x = np.zeros(n)
    bought = x > 0
    t_x[bought] = t[bought] * rng.beta(x[bought], arrivals[bought] - x[bought] + 1)
    return x.astype(np.float64), t_x
