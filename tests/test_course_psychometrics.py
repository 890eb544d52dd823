"""Alpha, omega and item-total correlations against numbers computed independently."""

from __future__ import annotations

import numpy as np
import pytest

from alliance.course.instruments import builtin_instruments
from alliance.course.psychometrics import cronbach_alpha, item_total, mcdonald_omega, psychometrics

BRIEF = next(i for i in builtin_instruments() if i.key == "alliance-checkin-brief")


def _congeneric(n: int, loadings: list[float], seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    factor = rng.standard_normal(n)
    lam = np.asarray(loadings)
    noise = rng.standard_normal((n, len(lam))) * np.sqrt(1 - lam**2)
    return factor[:, None] * lam[None, :] + noise


def test_psychometrics_alpha_matches_the_textbook_example() -> None:
    data = np.array([[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 4, 4], [5, 6, 5]], dtype=float)
    k = 3
    expected = k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / data.sum(axis=1).var(ddof=1))
    assert cronbach_alpha(data) == pytest.approx(expected)
    assert cronbach_alpha(np.ones((4, 3))) is None


def test_psychometrics_omega_recovers_the_population_value() -> None:
    loadings = [0.8, 0.7, 0.6, 0.7, 0.5]
    lam = np.asarray(loadings)
    population = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum())
    omega, fitted = mcdonald_omega(_congeneric(20000, loadings))
    assert omega == pytest.approx(population, abs=0.01)
    assert fitted is not None and np.allclose(fitted, lam, atol=0.03)


def test_psychometrics_item_total_is_corrected() -> None:
    data = _congeneric(3000, [0.8, 0.8, 0.8, 0.0])
    corrected = item_total(data)
    assert corrected[3] == pytest.approx(0.0, abs=0.06)  # unrelated item
    assert all(c is not None and c > 0.6 for c in corrected[:3])


def test_psychometrics_reports_too_few_responses() -> None:
    result = psychometrics(BRIEF, [{f"b{i}": 5.0 for i in range(1, 6)}] * 3)
    assert result.alpha is None and result.n == 3
    assert result.reason is not None and "too few" in result.reason


def test_psychometrics_over_stored_shape_responses() -> None:
    data = _congeneric(200, [0.8, 0.7, 0.7, 0.6, 0.6], seed=3)
    responses = [
        {f"b{j + 1}": float(np.clip(np.round(6 + 1.5 * v), 0, 10)) for j, v in enumerate(row)}
        for row in data
    ]
    result = psychometrics(BRIEF, responses)
    assert result.n == 200 and result.k == 5
    assert result.alpha is not None and 0.7 < result.alpha < 0.95
    assert result.omega is not None and result.omega >= result.alpha - 0.02
    assert [i.link_id for i in result.items] == ["b1", "b2", "b3", "b4", "b5"]
