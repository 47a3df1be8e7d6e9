"""`routine-skill export-skill-package`: skill.json and the models in the ASK CLI layout."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from skill.model.build import LOCALES, MODELS_DIR
from skill.model.samples import INVOCATION_NAME
from skill.speech.prompts import SKILL_NAME

SUMMARY = "Short, guided self-massage routines that may ease a tight back, with timed holds."
DESCRIPTION = (
    "Back Release Coach talks you through short self-myofascial-release routines for back "
    "tightness, using a tennis ball or your own hands: the shoulder blades, the sides of the "
    "lower back, the seat muscles, beside the spine and the tops of the shoulders. Each routine "
    "starts with its cautions, then guides each spot step by step, with a timed hold and calm "
    "cues, and finishes with gentle movement. You can pause and carry on later, ask how much "
    "longer, and ask what fascia is, how hard to press, how often, and when to see a doctor.\n\n"
    "This skill gives general self-care information. It is not a substitute for professional "
    "medical advice, diagnosis or treatment. Stop if you feel sharp pain, numbness or tingling, "
    "and see a doctor or physio if pain is severe, getting worse, or not better in two weeks."
)
# The first phrase opens the skill; the others ask it for something, and must be utterances
# the model really has (a test checks each against it).
EXAMPLE_PHRASES = (
    f"Alexa, open {INVOCATION_NAME}",
    f"Alexa, ask {INVOCATION_NAME} to start the lower back routine",
    f"Alexa, ask {INVOCATION_NAME} how hard should I press",
)
KEYWORDS = [
    "back",
    "stretch",
    "massage",
    "tennis ball",
    "shoulders",
    "self care",
    "routine",
    "fascia",
    "trigger point",
    "wellness",
]


def _viewport(shape: str, width: tuple[int, int], height: tuple[int, int]) -> dict[str, Any]:
    """One range of hub viewports the APL documents are for."""
    return {
        "mode": "HUB",
        "shape": shape,
        "minWidth": width[0],
        "maxWidth": width[1],
        "minHeight": height[0],
        "maxHeight": height[1],
    }


# The screens are laid out in viewport units, so every hub size and shape is declared: round
# (Echo Spot), small (Show 5), medium (Show 8) and large (Show 10, 15).
APL_INTERFACE = {
    "type": "ALEXA_PRESENTATION_APL",
    "supportedViewports": [
        _viewport("ROUND", (100, 599), (100, 599)),
        _viewport("RECTANGLE", (600, 959), (100, 599)),
        _viewport("RECTANGLE", (960, 1279), (100, 959)),
        _viewport("RECTANGLE", (1280, 1920), (100, 1279)),
    ],
}


def manifest(endpoint: dict[str, str], privacy_url: str | None = None) -> dict[str, Any]:
    """skill.json for every locale the skill has."""
    locales = {
        locale: {
            "name": SKILL_NAME,
            "summary": SUMMARY,
            "description": DESCRIPTION,
            "examplePhrases": list(EXAMPLE_PHRASES),
            "keywords": KEYWORDS,
        }
        for locale in LOCALES
    }
    privacy: dict[str, Any] = {
        "allowsPurchases": False,
        "usesPersonalInfo": False,
        "isChildDirected": False,
        "isExportCompliant": True,
        "containsAds": False,
    }
    if privacy_url:
        privacy["locales"] = {locale: {"privacyPolicyUrl": privacy_url} for locale in LOCALES}
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": locales,
                "isAvailableWorldwide": False,
                "distributionCountries": [locale.split("-")[1] for locale in LOCALES],
                "category": "HEALTH_AND_FITNESS",
                "testingInstructions": (
                    "Say 'open back release coach', then 'start the knuckle press', 'yes', "
                    "'next', 'pause', 'resume', 'how much longer' and 'is this safe'."
                ),
            },
            "privacyAndCompliance": privacy,
            # APL: the step and text screens (skill/apl) on Echo Show and Spot.
            "apis": {"custom": {"endpoint": endpoint, "interfaces": [APL_INTERFACE]}},
        }
    }


def endpoint(
    lambda_arn: str | None, https_url: str | None, wildcard: bool = False
) -> dict[str, str]:
    """The custom skill endpoint: a Lambda function, or an HTTPS URL (verified requests)."""
    if bool(lambda_arn) == bool(https_url):
        raise ValueError("give exactly one of --lambda-arn or --https-url")
    if lambda_arn:
        if not LAMBDA_ARN.fullmatch(lambda_arn):
            raise ValueError(
                f"{lambda_arn!r} is not a Lambda function's ARN: expected "
                "arn:aws:lambda:REGION:ACCOUNT:function:NAME (npx osls info --verbose shows it)"
            )
        return {"uri": lambda_arn}
    assert https_url is not None
    parts = urlsplit(https_url)
    if parts.scheme != "https" or not parts.hostname or " " in https_url:
        raise ValueError(f"{https_url!r} is not an https:// URL, e.g. https://your.host/alexa")
    return {"uri": https_url, "sslCertificateType": "Wildcard" if wildcard else "Trusted"}


LAMBDA_ARN = re.compile(
    r"arn:aws(-[a-z]+)*:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}"
    r"(:[A-Za-z0-9_$-]{1,128})?"
)
ASK_RESOURCES = {  # what `ask deploy` (ASK CLI v2) reads: the skill package, nothing to build
    "askcliResourcesVersion": "2020-03-31",
    "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}},
}


def write(directory: Path, skill_json: dict[str, Any], models: Path = MODELS_DIR) -> list[Path]:
    """Write an ASK CLI project: DIR/ask-resources.json, DIR/skill-package/skill.json and
    skill-package/interactionModels/custom/<locale>.json."""
    package = directory / "skill-package"
    custom = package / "interactionModels" / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    resources = directory / "ask-resources.json"
    resources.write_text(json.dumps(ASK_RESOURCES, indent=2) + "\n", encoding="utf-8")
    written = [resources, package / "skill.json"]
    written[1].write_text(json.dumps(skill_json, indent=2) + "\n", encoding="utf-8")
    for locale in LOCALES:
        target = custom / f"{locale}.json"
        shutil.copyfile(models / f"{locale}.json", target)
        written.append(target)
    return written
