"""Round trips, property-based: what goes in through CSV comes out through FHIR and back."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.course import Store, export_bundle, read_checkin_file, validate_bundle

ITEMS = ("b1", "b2", "b3", "b4", "b5")
answers = st.lists(st.tuples(*(st.integers(0, 10) for _ in ITEMS)), min_size=1, max_size=6)


def _store() -> Store:
    return Store.open("sqlite://")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=answers, code=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", fullmatch=True))
def test_properties_csv_to_fhir_to_store_round_trip(
    tmp_path: Path, rows: list[tuple[int, ...]], code: str
) -> None:
    csv = tmp_path / "in.csv"
    lines = [
        f"{code},{n},alliance-checkin-brief," + ",".join(map(str, r)) for n, r in enumerate(rows, 1)
    ]
    csv.write_text("client,session,instrument," + ",".join(ITEMS) + "\n" + "\n".join(lines) + "\n")
    with _store() as first:
        first.add_client(code)
        first.add_checkins(read_checkin_file(csv, first.instrument))
        bundle = export_bundle(first, client=code)
        before = [(c.session, dict(c.answers), c.score) for c in first.checkins()]
    validate_bundle(bundle)
    exported = tmp_path / "bundle.json"
    exported.write_text(json.dumps(bundle))
    with _store() as second:
        second.add_client(code)
        second.add_checkins(read_checkin_file(exported, second.instrument))
        after = [(c.session, dict(c.answers), c.score) for c in second.checkins()]
    assert after == before
    assert [tuple(int(a[i]) for i in ITEMS) for _, a, _ in after] == rows


@settings(max_examples=30, deadline=None)
@given(first=st.floats(0, 10), second=st.floats(0, 10))
def test_properties_reliable_change_is_antisymmetric_and_scaled(
    first: float, second: float
) -> None:
    from alliance.course.instruments import builtin_instruments

    scoring = builtin_instruments()[0].scoring
    forward, backward = scoring.rci(first, second), scoring.rci(second, first)
    assert forward is not None and backward is not None
    assert abs(forward + backward) < 1e-9
    rc = scoring.reliable_change()
    assert rc is not None
    assert (abs(second - first) >= rc) == (abs(forward) >= 1.96 - 1e-9) or abs(
        abs(second - first) - rc
    ) < 1e-9
