"""The safety notice on a real 80x24 screen: every helpline shows (scrolling is fine), on the
first-run notice and on F1 alike, and the button that closes it is always in view."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from reconnect import i18n, safety
from reconnect.tui.app import ReconnectApp, make_app
from reconnect.tui.dialogs.safety import SafetyDialog
from reconnect.tui.screens.home import HomeScreen

from pilot_helpers import familiar_app, settle

SIZE = (80, 24)


def screen_lines(app: ReconnectApp) -> list[str]:
    """The rows of the top screen as a person sees them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def everything_seen(pilot, app: ReconnectApp,
                          button_words: str = "I understand") -> list[str]:
    """Every row shown while the notice is scrolled from top to bottom, one row at a time."""
    body = app.screen.query_one(VerticalScroll)
    body.scroll_home(animate=False)
    await settle(pilot)
    seen = screen_lines(app)
    for _ in range(int(body.max_scroll_y) + 1):
        button = app.screen.query_one(Button)
        assert button.region.bottom <= SIZE[1] and button.region.height > 0, button.region
        assert button_words in "\n".join(screen_lines(app))
        body.scroll_down(animate=False)
        await settle(pilot)
        seen.extend(screen_lines(app))
    return seen


def assert_every_number_shows(rows: list[str]) -> None:
    for number in safety.HELPLINES:
        assert any(number in row for row in rows), f"{number} never shows on screen"
    assert any("START to 88788" in row for row in rows)


async def test_the_first_run_notice_shows_every_helpline_at_80x24(sample_library, store, clock):
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SafetyDialog)
        assert app.screen.query_one(Button).has_focus
        assert str(app.screen.query_one(".dialog-title", Static).render()) == \
            "Before you begin: safety"
        assert_every_number_shows(await everything_seen(pilot, app))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_f1_shows_every_helpline_at_80x24(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, SafetyDialog)
        # reopened later (mid-session, say), it is the notice, not "Before you begin"
        assert str(app.screen.query_one(".dialog-title", Static).render()) == "Safety"
        rows = await everything_seen(pilot, app)
        assert_every_number_shows(rows)
        assert any("coercive control" in row for row in rows)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_the_notice_is_literal_text(sample_library, store, clock):
    """Nothing in the notice is read as markup: what is written is what shows."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert "reconnect forget --all" in text
        assert "Suicide & Crisis Lifeline" in text


def test_every_front_end_remembers_the_notice_under_one_setting():
    from reconnect.safety import SEEN_SETTING
    from reconnect.tui.app import SAFETY_SEEN

    assert SAFETY_SEEN == SEEN_SETTING


COUNTRY_WORDS = {
    "ES": ("016", "024", "112", "no trace"),
    "MX": ("800 911 2000", "911"),
    "US": ("1-800-799-7233", "START to 88788", "988", "press 2 for Spanish",
           "help in Spanish too"),
    "GB": ("0808 2000 247", "116 123", "999"),
}


@pytest.mark.parametrize("country", sorted(COUNTRY_WORDS))
async def test_each_country_s_notice_shows_its_numbers_at_80x24(sample_library, store, clock,
                                                                country):
    i18n.install_country(country)
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        rows = await everything_seen(pilot, app)
    for number in safety.HELPLINES_BY_COUNTRY[country]:
        assert any(number in row for row in rows), f"{country}: {number} never shows"
    for words in COUNTRY_WORDS[country]:
        assert any(words in row for row in rows), f"{country}: {words!r} never shows"
    others = {number for code, numbers in safety.HELPLINES_BY_COUNTRY.items() if code != country
              for number in numbers} - set(safety.HELPLINES_BY_COUNTRY[country])
    assert not any(number in row for number in others for row in rows
                   if len(number) > 3), "another country's helpline is listed"


async def test_spain_s_notice_in_spanish_is_literal(sample_library, store, clock):
    """Translated words are shown as written: nothing in them is read as markup."""
    i18n.install("es")
    i18n.install_country("ES")
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        text = "\n".join(screen_lines(app))
    assert "Seguridad" in text  # F1, not the first run: no "Antes de empezar"
    assert safety.help_now("ES").splitlines()[1] in text
    assert "reconnect forget --all" in text


@pytest.mark.parametrize("country", sorted(COUNTRY_WORDS))
def test_the_line_mode_says_each_country_s_numbers(country):
    from reconnect.plain.words import safety_notice

    i18n.install_country(country)
    said = "\n".join(paragraph.text for paragraph in safety_notice())
    for number in safety.HELPLINES_BY_COUNTRY[country]:
        assert number in said, number


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("country", ["", *sorted(COUNTRY_WORDS)])
def test_the_line_mode_says_each_helpline_as_one_sentence(language, country):
    """An item of the notice wrapped over several lines is said as one sentence: a full stop
    at the end of each of its lines ("No deja. rastro en la factura") garbles it."""
    from reconnect.plain.words import safety_notice

    i18n.install(language)
    i18n.install_country(country)
    said = " ".join(" ".join(paragraph.text for paragraph in safety_notice()).split())
    for line in safety.help_now(country).splitlines():
        item = line.strip().removeprefix("· ")
        if line.startswith("    "):
            continue  # the rest of the item above, checked with it
        whole = " ".join([item, *(rest.strip() for rest in
                                   _continuations(safety.help_now(country), line))])
        assert whole.rstrip(".") in said, (whole, said)


def _continuations(text: str, line: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(line) + 1
    rest = []
    for following in lines[start:]:
        if not following.startswith("    "):
            break
        rest.append(following)
    return rest


async def test_in_spanish_with_no_country_the_notice_lists_the_lines_that_answer_in_spanish(
        sample_library, store, clock):
    """A Spanish speaker whose country is not known is shown Spain's, Mexico's and the US
    lines that answer in Spanish, on a real 80x24 screen, and none of the UK's."""
    i18n.install("es")
    i18n.install_country("")
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        rows = await everything_seen(pilot, app, button_words="Entendido")
    seen = "\n".join(rows)
    for number in ("112", "911", "016", "024", "800 911 2000", "988", "1-800-799-7233"):
        assert number in seen, f"{number} never shows"
    assert "marca 2 para español" in seen and "también atienden en español" in seen
    assert "No deja rastro en la factura" in seen
    for english_only in ("999", "0808 2000 247", "116 123"):
        assert english_only not in seen
    assert safety.helplines("") == safety.GENERAL_BY_LANGUAGE["es"]


def test_the_general_notice_follows_the_language_but_a_known_country_does_not():
    i18n.install_country("")
    english = safety.help_now()
    assert "0808 2000 247" in english and "016" not in english
    with i18n.speaking("es"):
        spanish = safety.help_now()
        assert "016" in spanish and "800 911 2000" in spanish and "0808" not in spanish
        assert safety.help_now("GB").count("0808 2000 247") == 1
        assert safety.helplines("GB") == safety.HELPLINES_BY_COUNTRY["GB"]
    assert safety.helplines("") == safety.HELPLINES


def test_an_unknown_country_gets_the_general_notice():
    i18n.install_country("FR")
    assert safety.help_now() == safety.help_now("")
    assert all(number in safety.safety_text() for number in safety.HELPLINES)



async def test_the_notice_is_read_on_with_keys_and_says_there_is_more(sample_library, store,
                                                                        clock):
    """The button has the focus, yet Down and Page Down read on; while part of the notice is
    out of view a line says so (on a small screen the helplines are down there)."""
    from pilot_helpers import wait_until

    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SafetyDialog)
        body = app.screen.query_one(VerticalScroll)
        await wait_until(pilot, lambda: body.max_scroll_y > 0, "the notice laid out")
        assert "More below" in "\n".join(screen_lines(app))
        seen = screen_lines(app)
        await pilot.press("down")
        await wait_until(pilot, lambda: body.scroll_y > 0, "Down to read on")
        seen.extend(screen_lines(app))
        for _ in range(int(body.max_scroll_y)):
            await pilot.press("pagedown")
            await settle(pilot)
            seen.extend(screen_lines(app))
            if body.scroll_y >= body.max_scroll_y:
                break
        assert_every_number_shows(seen)
        await wait_until(pilot, lambda: "More below" not in "\n".join(screen_lines(app)),
                         "the line saying there is more to go")
        assert app.screen.query_one(Button).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_on_a_narrow_screen_the_line_saying_there_is_more_is_whole(sample_library, store,
                                                                          clock):
    """At 50 columns it was one row high and lost its end ("... or Page Down read on.")."""
    from pilot_helpers import wait_until

    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "More below" in "\n".join(screen_lines(app)),
                         "the line saying there is more")
        rows = screen_lines(app)
        first = next(index for index, row in enumerate(rows) if "More below" in row)
        said = " ".join(" ".join(rows[first:first + 2]).replace("█", " ").split())
        assert "More below: the arrow keys or Page Down read on." in said
        assert "I understand" in "\n".join(rows)  # and the button is still in view
