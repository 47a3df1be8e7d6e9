"""The /simulator page in a real browser: headless Chromium (the system's, driven by Playwright;
nothing downloads a browser) walks a routine start, a hold paused and resumed from the
screen's buttons, and an explanation, on `routine-skill serve --dev` as `make run` starts it.

Chromium comes from Debian's ``chromium`` package (.ci/run installs it), or the CHROMIUM
environment variable names a binary; without one this file is skipped, saying so in one line.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest

from conftest import FIXTURES
from servers import serve_skill, stop
from skill.sim.screen import countdown

CHROMIUM = os.environ.get("CHROMIUM") or next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None
)
if CHROMIUM is None:
    pytest.skip(
        "no Chromium: the /simulator browser test needs Debian's chromium package "
        "(apt-get install chromium; .ci/run installs it)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

# The latest answer's first hold bar is part-filled: its hold is playing.
FILLING = """() => {
  const fill = document.querySelector('#transcript .turn:last-child .piece.hold .fill');
  const width = parseFloat(fill && fill.style.width);
  return width > 5 && width < 60;
}"""
WAIT = 20_000  # ms: a slow CI machine's longest wait for the page to change
expect.set_options(timeout=WAIT)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The development server, as `make run` starts it, on the fixture content."""
    folder = tmp_path_factory.mktemp("browser")
    env = {"SKILL_DATA_PATH": str(folder / "data" / "progress.db")}
    process, url = serve_skill(["--dev", "--dir", str(FIXTURES)], folder / "server.log", env)
    yield url
    stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # Small /dev/shm in containers (CI) crashes Chromium's renderer unless told.
        args = ["--disable-dev-shm-usage", "--disable-gpu"]
        found = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield found
        found.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    opened = browser.new_page()
    opened.set_default_timeout(WAIT)
    opened.goto(f"{base_url}/simulator")
    yield opened
    opened.close()


def say(page: Page, words: str) -> None:
    """Type what one would say, and wait for the skill's answer to be shown."""
    turns = page.locator("#transcript .turn").count()
    page.fill("#utterance", words)
    page.press("#utterance", "Enter")
    expect(page.locator("#transcript .turn")).to_have_count(turns + 1)


def last_turn(page: Page) -> str:
    return page.locator("#transcript .turn").last.inner_text()


def test_a_routine_its_hold_paused_and_resumed_and_an_explanation(page: Page) -> None:
    page.click("#quick button[data-say='open back release coach']")
    expect(page.locator("#transcript .turn").last.locator(".understood")).to_contain_text(
        "LaunchRequest"
    )
    expect(page.locator("#session-state")).to_have_text("Session open")
    say(page, "start the palm press")
    expect(page.locator("#transcript .turn").last.locator(".understood")).to_contain_text(
        "palm-press"
    )
    say(page, "yes")  # in real time: the screen follows the speech part by part
    expect(page.locator("#screen-routine")).to_have_text("Palm press")
    expect(page.locator("#screen-heading")).to_have_text("Before you start")
    expect(page.locator("#screen-text")).to_have_text("Sit tall on a chair.")
    expect(page.locator("#screen-heading")).to_contain_text("Step 1 of")
    expect(page.locator("#clock")).to_contain_text("finished")  # heard out: "next" moves on

    page.select_option("#speed", "10")  # the clock runs ten times faster from here on
    say(page, "next")  # the response with the first hold: the bar fills as it plays
    hold = page.locator("#transcript .turn").last.locator(".piece.hold").first
    expect(hold.locator(".hold-label")).to_contain_text("30")
    page.wait_for_function(FILLING)
    expect(page.locator("#screen-name")).to_have_text("The palms hold")
    expect(page.locator("#screen-countdown")).to_have_text(re.compile(r"^0:\d\d$"))
    running = page.locator("#screen-countdown").inner_text()

    turns = page.locator("#transcript .turn").count()
    with page.expect_response("**/simulator/api/turn") as sent:
        page.click("#screen-buttons button[data-event='pause']")  # touch, mid-hold
    expect(page.locator("#transcript .turn")).to_have_count(turns + 1)
    assert "Paused" in last_turn(page)
    expect(page.locator("#screen-status")).to_have_text("Paused")
    left = page.locator("#screen-countdown").inner_text()
    assert 0 < int(left.split(":")[1]) < 30 and left <= running
    (part,) = sent.value.json()["screen"]["properties"]["parts"]
    assert left == countdown(part, 0)  # the page reads the datasource as chat does
    page.wait_for_timeout(1500)  # a paused screen does not count down
    assert page.locator("#screen-countdown").inner_text() == left
    attributes = page.locator("#attributes").inner_text()
    assert '"paused"' in attributes

    turns = page.locator("#transcript .turn").count()
    page.click("#screen-buttons button[data-event='resume']")
    expect(page.locator("#transcript .turn")).to_have_count(turns + 1)
    expect(page.locator("#screen-status")).to_have_text("")
    expect(page.locator("#screen-countdown")).not_to_have_text(left)  # counting down again

    say(page, "what is fascia")
    expect(page.locator("#transcript .turn").last.locator(".understood")).to_contain_text(
        "ExplainIntent"
    )
    expect(page.locator("#screen-title")).to_have_text("Fascia")
    assert "fascia" in page.locator("#screen-text").inner_text().lower()
    expect(page.locator("#session-state")).to_have_text("Session open")


def test_a_speaker_has_no_screen(page: Page) -> None:
    page.select_option("#device", "voice")
    expect(page.locator("#transcript .turn.note").last).to_contain_text("speaker only")
    say(page, "open back release coach")
    expect(page.locator("#screen")).to_contain_text("No screen")


def test_the_page_keeps_time_as_a_device_would(page: Page) -> None:
    say(page, "open back release coach")
    say(page, "start the palm press")
    page.select_option("#speed", "30")
    say(page, "yes")
    expect(page.locator("#clock")).to_have_text("finished")
    # Waiting at "say next": the step stays on screen, and nothing plays to pause.
    expect(page.locator("#screen-heading")).to_contain_text("Step 1 of")
    expect(page.locator("#screen-after")).to_contain_text("say next")
    expect(page.locator("#screen-buttons button")).to_have_text(["Repeat", "Next"])

    page.select_option("#speed", "1")
    say(page, "next")
    say(page, ":wait 30")  # while it plays: thirty seconds of the answer pass first
    expect(page.locator("#transcript .turn").last).to_contain_text("30 s of the answer pass")
    played = int(page.locator("#clock").inner_text().split()[0])
    assert played >= 30

    say(page, "stop")
    expect(page.locator("#session-state")).to_have_text("Session closed")
    expect(page.locator("#screen")).to_contain_text("the skill's screen has closed")
