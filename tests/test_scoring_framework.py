"""The framework file: the shipped ones load, broken ones fail saying where and what."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alliance.errors import FrameworkError
from alliance.scoring.framework import load_framework, parse_framework

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "alliance" / "scoring" / "frameworks"


def shipped() -> dict[str, Any]:
    return json.loads((SHIPPED / "alliance-brief-1.json").read_text(encoding="utf-8"))


def test_framework_default_has_the_brief() -> None:
    fw = load_framework()
    assert fw.id == "alliance-brief@1.0.0"
    assert [s.name for s in fw.stages] == ["rapport", "exploring", "planning", "progress"]
    assert {c.name for c in fw.components} == {
        "rapport",
        "trust",
        "empathy",
        "congruence",
        "positive_regard",
    }
    assert {e.name for e in fw.elements} == {"communication", "trust", "commitment"}
    assert fw.indices["reflection_to_question"].thresholds == {"fair": 1.0, "good": 2.0}
    assert fw.indices["percent_complex_reflections"].thresholds == {"fair": 0.4, "good": 0.5}
    congruence = next(c for c in fw.components if c.name == "congruence")
    assert congruence.confidence_cap < 0.5


def test_framework_bordin_sample_loads_by_name_and_path() -> None:
    by_name = load_framework("bordin-1.json")
    by_path = load_framework(SHIPPED / "bordin-1.json")
    assert by_name.id == by_path.id == "bordin-goal-task-bond@1.0.0"
    assert [c.name for c in by_name.components] == ["goal", "task", "bond"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["stages"][0]["codes"].update({"warmth": 1.0}), "stages[0].codes"),
        (lambda d: d["stages"][0]["codes"].update({"behaviour=lecture": 1.0}), "stages[0].codes"),
        (
            lambda d: d["components"][0]["feeds"][0].update({"weight": -1}),
            "components[0].feeds[0].weight",
        ),
        (
            lambda d: d["components"][0]["feeds"][0].update({"weight": "heavy"}),
            "components[0].feeds[0].weight",
        ),
        (
            lambda d: d["components"][0]["feeds"][0].update({"index": "charisma"}),
            "components.rapport",
        ),
        (
            lambda d: d["components"][0]["feeds"][0].update(
                {"anchors": [[1.0, 0.0], [0.0, 100.0]]}
            ),
            "anchors",
        ),
        (lambda d: d.pop("components"), "components"),
        (lambda d: d["overall"]["feeds"].append({"element": "nothing", "weight": 1.0}), "overall"),
        (lambda d: d.update({"format": "other/9"}), "format"),
        (lambda d: d["indices"].update({"made_up": {"thresholds": {}}}), "indices.made_up"),
        (lambda d: d["stages"].append(dict(d["stages"][0])), "defined twice"),
    ],
)
def test_framework_invalid_parts_raise_with_where(change: Any, where: str) -> None:
    data = shipped()
    change(data)
    with pytest.raises(FrameworkError) as info:
        parse_framework(data, where="mine.json")
    assert "mine.json" in str(info.value)
    assert where in str(info.value)


def test_framework_bad_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "alliance.framework/1",\n  "name": ,\n}\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"broken\.json:3"):
        load_framework(path)


def test_framework_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="not found"):
        load_framework(tmp_path / "nope" / "framework.json")


def test_framework_feed_scale_is_piecewise_linear_and_clamped() -> None:
    fw = load_framework()
    rapport = next(c for c in fw.components if c.name == "rapport")
    rq = next(f for f in rapport.feeds if f.name == "reflection_to_question")
    assert rq.scale(-1.0) == 0.0
    assert rq.scale(0.5) == pytest.approx(30.0)
    assert rq.scale(1.5) == pytest.approx(72.5)
    assert rq.scale(10.0) == 100.0
