"""The corpus tool: how a figure of understood phrasings is worked out, and its CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.cli import main
from skill.content.loader import load_catalog
from skill.model.build import build_model
from skill.model.coverage import Case, load_corpus, measure, samples_in
from skill.sim.nlu import Model

CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
CORPUS = Path(__file__).resolve().parent / "corpus" / "phrasings.yaml"


@pytest.fixture(scope="module")
def model_data() -> dict[str, object]:
    return build_model(load_catalog(CONTENT), "en-US")


def test_a_case_counts_only_with_its_intent_slots_and_one_shot(
    model_data: dict[str, object],
) -> None:
    model = Model.from_json(model_data)
    cases = [
        Case("start the palm press", "StartRoutineIntent", (("routine", "palm-press"),)),
        Case("start the palm press", "StartRoutineIntent", (("routine", "ball-lean"),)),
        Case("how much longer", "WeekIntent"),
        Case("ask back release coach how much longer", "HowMuchLongerIntent", one_shot=True),
        Case("ask back release coach how much longer", "HowMuchLongerIntent"),
    ]
    report = measure(model, cases)
    assert report.total == 5 and report.hits == 2
    assert [case for case, _ in report.misses] == cases[1:3] + cases[4:]
    assert report.misses[0][1] == "StartRoutineIntent {'routine': 'palm-press'}"


def test_samples_in_counts_phrasings_that_are_samples(model_data: dict[str, object]) -> None:
    cases = [Case("How much longer?", "HowMuchLongerIntent"), Case("how long now", "X")]
    assert samples_in(model_data, cases) == 1


def test_a_malformed_corpus_names_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text("- say: next\n  intent: AMAZON.NextIntent\n- say: hi\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"entry 2 \('hi'\) needs an 'intent'"):
        load_corpus(bad)


def test_the_cli_fails_below_the_minimum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c.yaml"
    corpus.write_text(
        "- say: next please\n  intent: AMAZON.NextIntent\n"
        "- say: how much longer\n  intent: WeekIntent\n",
        encoding="utf-8",
    )
    args = ["corpus", str(corpus), "--dir", str(CONTENT)]
    assert main([*args, "--min", "50"]) == 0
    assert main([*args, "--min", "51", "-v"]) == 1
    out = capsys.readouterr().out
    assert "1 of 2 phrasings understood as expected (50.0%" in out
    assert "miss: 'how much longer': expected WeekIntent, understood HowMuchLongerIntent" in out
    assert main(["corpus", str(tmp_path / "none.yaml"), "--dir", str(CONTENT)]) == 2


def test_the_corpus_is_mostly_not_samples(model_data: dict[str, object]) -> None:
    # Written from how people talk, not from the model: most phrasings must be new to it, or
    # the figure would only say the samples match themselves.
    cases = load_corpus(CORPUS)
    assert len(cases) >= 300
    assert samples_in(model_data, cases) < len(cases) / 2
