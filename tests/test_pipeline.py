"""The declared pipeline: requirements are checked before anything runs; every registered step
conforms to the Step protocol and returns new sessions without losing what it was given."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar

import pytest

from alliance.errors import PipelineError
from alliance.model import Code, Session
from alliance.pipeline import (
    READER_PROVIDES,
    Pipeline,
    Step,
    available_steps,
    default_pipeline,
    get_step,
)


class _Marker:
    name: ClassVar[str] = "test-marker"
    version: ClassVar[str] = "1"
    requires: ClassVar[frozenset[str]] = frozenset({"utterances"})
    provides: ClassVar[frozenset[str]] = frozenset({"codes.marker"})
    default: ClassVar[bool] = False
    order: ClassVar[int] = 900

    def __call__(self, sessions: Sequence[Session]) -> list[Session]:
        return [
            dataclasses.replace(
                s,
                utterances=tuple(
                    dataclasses.replace(
                        u, codes={**u.codes, "marker": Code(True, 1.0, "test-marker@1")}
                    )
                    for u in s.utterances
                ),
            )
            for s in sessions
        ]


class _NeedsMarker(_Marker):
    name: ClassVar[str] = "test-needs-marker"
    requires: ClassVar[frozenset[str]] = frozenset({"codes.marker"})
    provides: ClassVar[frozenset[str]] = frozenset()


def test_pipeline_refuses_a_step_whose_requirement_comes_later(small_session: Session) -> None:
    with pytest.raises(PipelineError, match=r"needs codes\.marker"):
        Pipeline([_NeedsMarker(), _Marker()])([small_session])


def test_pipeline_runs_steps_in_order_and_reports_what_it_provides(small_session: Session) -> None:
    pipeline = Pipeline([_Marker(), _NeedsMarker()])
    assert "codes.marker" in pipeline.check()
    (out,) = pipeline([small_session])
    assert all(u.code("marker") is True for u in out)
    assert all(u.code("marker") is None for u in small_session)  # the input is untouched


def test_pipeline_unknown_step_lists_the_known_ones() -> None:
    with pytest.raises(PipelineError, match="unknown step 'no-such-step'"):
        get_step("no-such-step")


def test_pipeline_default_steps_fit_together() -> None:
    provides = default_pipeline().check(READER_PROVIDES)
    assert provides >= READER_PROVIDES


@pytest.mark.parametrize("name", sorted(available_steps()))
def test_pipeline_every_registered_step_conforms(name: str, small_session: Session) -> None:
    """The conformance suite every step passes, built-in or third-party."""
    cls = get_step(name)
    assert isinstance(cls.name, str) and cls.name == name
    assert isinstance(cls.version, str) and cls.version
    assert isinstance(cls.requires, frozenset) and isinstance(cls.provides, frozenset)
    assert cls.provides, "a step must add something"
    step = cls()
    assert isinstance(step, Step)
    before = dataclasses.replace(small_session)
    pipeline = Pipeline([*_providers_for(cls), step])
    out = pipeline([small_session])
    assert small_session == before, "a step must not change the session it was given"
    assert len(out) == 1 and out[0].id == small_session.id
    assert [u.text for u in out[0]] == [u.text for u in small_session]
    assert [u.index for u in out[0]] == [u.index for u in small_session]
    assert step([]) == []


def _providers_for(cls: type[Step]) -> list[Step]:
    """Default steps that come before ``cls`` and provide what it needs."""
    needed = set(cls.requires - READER_PROVIDES)
    chosen: list[Step] = []
    for other in sorted(available_steps().values(), key=lambda c: (c.order, c.name)):
        if other is cls or not needed:
            continue
        if other.provides & needed and other.order < cls.order:
            chosen.extend(_providers_for(other))
            chosen.append(other())
            needed -= other.provides
    return chosen


def test_pipeline_records_what_it_provided_so_absent_codes_mean_none_found(
    small_session: Session,
) -> None:
    from alliance.pipeline import provided

    (out,) = Pipeline([_Marker()])([small_session])
    assert "codes.marker" in provided(out)
    assert "utterances" in provided(out)
    assert provided(small_session) == frozenset()
