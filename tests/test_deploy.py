"""The skill package for the developer console / ASK CLI, checked as the console would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from skill.cli import main
from skill.deploy.skill_package import EXAMPLE_PHRASES, endpoint, manifest
from skill.model.build import LOCALES, MODELS_DIR
from skill.model.samples import INVOCATION_NAME
from skill.sim.nlu import Model, words

ARN = "arn:aws:lambda:us-east-1:123456789012:function:back-release-coach"


def test_export_writes_the_ask_cli_layout(tmp_path: Path) -> None:
    assert main(["export-skill-package", str(tmp_path), "--lambda-arn", ARN]) == 0
    resources = json.loads((tmp_path / "ask-resources.json").read_text())
    assert resources["profiles"]["default"]["skillMetadata"] == {"src": "./skill-package"}
    assert resources["askcliResourcesVersion"] == "2020-03-31"
    package = tmp_path / "skill-package"
    skill = json.loads((package / "skill.json").read_text())["manifest"]
    assert skill["apis"]["custom"]["endpoint"] == {"uri": ARN}
    (apl,) = skill["apis"]["custom"]["interfaces"]  # the skill sends APL screens
    assert apl["type"] == "ALEXA_PRESENTATION_APL" and apl["supportedViewports"]
    assert skill["publishingInformation"]["category"] == "HEALTH_AND_FITNESS"
    assert skill["privacyAndCompliance"]["usesPersonalInfo"] is False
    for locale in LOCALES:
        copied = package / "interactionModels" / "custom" / f"{locale}.json"
        assert copied.read_text() == (MODELS_DIR / f"{locale}.json").read_text()
        info = skill["publishingInformation"]["locales"][locale]
        assert "not a substitute for professional medical advice" in info["description"]
        assert not {"cure", "cures", "heal", "treats"} & set(words(info["description"]))


def test_https_endpoint_and_bad_flags(tmp_path: Path) -> None:
    assert endpoint(None, "https://coach.example.org/alexa") == {
        "uri": "https://coach.example.org/alexa",
        "sslCertificateType": "Trusted",
    }
    with pytest.raises(ValueError):
        endpoint(ARN, "https://coach.example.org/alexa")
    with pytest.raises(ValueError):
        endpoint(None, "http://coach.example.org/alexa")
    for bad in ("https://", "https://coach example.org/alexa"):
        with pytest.raises(ValueError, match="is not an https:// URL"):
            endpoint(None, bad)
    assert main(["export-skill-package", str(tmp_path)]) == 2


@pytest.mark.parametrize(
    "arn", ["nonsense", "arn:aws:lambda:us-east-1:1234:function:x", f"{ARN} ", "arn:aws:s3:::b"]
)
def test_a_wrong_lambda_arn_gets_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arn: str
) -> None:
    assert main(["export-skill-package", str(tmp_path), "--lambda-arn", arn]) == 2
    err = capsys.readouterr().err
    assert "is not a Lambda function's ARN" in err and err.count("\n") == 1
    assert not (tmp_path / "skill-package").exists()


@pytest.mark.parametrize("locale", LOCALES)
def test_example_phrases_follow_the_console_rules(locale: str) -> None:
    model = Model.load(MODELS_DIR / f"{locale}.json")
    phrases = manifest({"uri": ARN})["manifest"]["publishingInformation"]["locales"][locale][
        "examplePhrases"
    ]
    assert 1 <= len(phrases) <= 3
    assert phrases[0] == f"Alexa, open {INVOCATION_NAME}"
    for phrase in phrases:
        assert re.match(rf"^Alexa, (open|ask|tell) {INVOCATION_NAME}\b", phrase), phrase
    launch, *requests = (model.understand(p) for p in phrases)
    assert launch.kind == "launch"
    for phrase, understood in zip(phrases[1:], requests, strict=True):
        assert understood.one_shot and understood.intent != "AMAZON.FallbackIntent", phrase
        assert all(f.resolved for f in understood.slots), phrase
    assert tuple(phrases) == EXAMPLE_PHRASES
