"""Internal consistency of an instrument over the stored responses, so a clinic can check the
open check-in (or any instrument) on its own clients before trusting its cut-off and RCI.

- Cronbach's alpha: ``k/(k-1) * (1 - sum(item variances) / variance(total))``.
- McDonald's omega (total), one factor: loadings from principal-axis factoring of the item
  correlation matrix (iterated communalities, starting from squared multiple correlations),
  then ``omega = (sum l)^2 / ((sum l)^2 + sum(1 - l^2))`` on standardised items.
- Corrected item-total correlation: each item against the total of the *other* items.

Reverse-scored items are flipped before any of this. Responses with a missing item are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from alliance.course.instruments import Instrument

__all__ = [
    "MIN_RESPONSES",
    "ItemStats",
    "Psychometrics",
    "cronbach_alpha",
    "item_total",
    "mcdonald_omega",
    "psychometrics",
]

MIN_RESPONSES = 10
"""Fewer complete responses than this give numbers too unstable to report."""


@dataclass(frozen=True, slots=True)
class ItemStats:
    link_id: str
    mean: float
    sd: float
    corrected_item_total: float | None
    loading: float | None


@dataclass(frozen=True, slots=True)
class Psychometrics:
    """The figures, with ``n`` (complete responses used) and ``reason`` when there are none."""

    instrument: str
    n: int
    k: int
    alpha: float | None
    omega: float | None
    items: tuple[ItemStats, ...]
    method: str = "omega: one-factor principal-axis factoring of the correlation matrix"
    reason: str | None = None


def cronbach_alpha(data: np.ndarray) -> float | None:
    """Alpha of an ``n x k`` matrix; ``None`` when the total has no variance."""
    k = data.shape[1]
    total_var = data.sum(axis=1).var(ddof=1)
    if k < 2 or total_var <= 0:
        return None
    return float(k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / total_var))


def _one_factor_loadings(corr: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Principal-axis factoring with one factor: replace the diagonal by communalities and
    take the first eigenvector until the communalities settle."""
    try:
        communal = 1 - 1 / np.diag(np.linalg.inv(corr))
    except np.linalg.LinAlgError:
        communal = np.full(corr.shape[0], 0.5)
    communal = np.clip(communal, 0.05, 0.995)
    loadings = np.zeros(corr.shape[0])
    for _ in range(iterations):
        reduced = corr.copy()
        np.fill_diagonal(reduced, communal)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        new = np.clip(loadings**2, 0.0, 0.995)
        if np.max(np.abs(new - communal)) < 1e-6:
            break
        communal = new
    return loadings if loadings.sum() >= 0 else -loadings


def mcdonald_omega(data: np.ndarray) -> tuple[float | None, np.ndarray | None]:
    """Omega total (one factor) of an ``n x k`` matrix, with the loadings."""
    sd = data.std(axis=0, ddof=1)
    if data.shape[1] < 2 or np.any(sd == 0):
        return None, None
    corr = np.corrcoef(data, rowvar=False)
    loadings = _one_factor_loadings(corr)
    common = loadings.sum() ** 2
    unique = np.sum(1 - loadings**2)
    return float(common / (common + unique)), loadings


def item_total(data: np.ndarray) -> list[float | None]:
    """Corrected item-total correlation of each column."""
    total = data.sum(axis=1)
    found: list[float | None] = []
    for j in range(data.shape[1]):
        rest = total - data[:, j]
        if data[:, j].std() == 0 or rest.std() == 0:
            found.append(None)
        else:
            found.append(float(np.corrcoef(data[:, j], rest)[0, 1]))
    return found


def psychometrics(
    instrument: Instrument,
    responses: Sequence[Mapping[str, float]],
    *,
    minimum: int = MIN_RESPONSES,
) -> Psychometrics:
    """The figures over ``responses`` (scored values by linkId, as from
    :meth:`Store.response_matrix`)."""
    links = instrument.link_ids
    rows = [[r[link] for link in links] for r in responses if all(link in r for link in links)]
    n, k = len(rows), len(links)
    minimum = max(minimum, 3)  # below three, variances and correlations are not defined
    if n < minimum:
        return Psychometrics(
            instrument.key, n, k, None, None, (),
            reason=f"too few complete responses: {n}, need at least {minimum}",
        )  # fmt: skip
    data = np.asarray(rows, dtype=float)
    alpha = cronbach_alpha(data)
    omega, loadings = mcdonald_omega(data)
    corrected = item_total(data)
    items = tuple(
        ItemStats(
            link_id=link,
            mean=float(data[:, j].mean()),
            sd=float(data[:, j].std(ddof=1)),
            corrected_item_total=corrected[j],
            loading=None if loadings is None else float(loadings[j]),
        )
        for j, link in enumerate(links)
    )
    reason = None
    if omega is None:
        reason = "an item has no variance in these responses, so omega is not defined"
    return Psychometrics(instrument.key, n, k, alpha, omega, items, reason=reason)
