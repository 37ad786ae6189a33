"""The safety notice: shown to both partners together on first run, and reachable at any time (F1).

Plain text only (no markup, no terminal code), so any screen or command can show it as it is.
Each helpline sits on a short line of its own, so that no number is ever split across two lines
of an 80-column screen. The printed handout of an exercise carries the same paragraphs, less
the ones about the app (:func:`printed_safety`).

Helplines depend on where the couple is: :func:`reconnect.i18n.country` (``--country``,
``RECONNECT_COUNTRY``, the locale's territory). A country reconnect has no list for gets the
general notice of the language spoken: in English, the lines of the United Kingdom and the
United States; in Spanish, those of Spain, Mexico and the United States' lines that answer in
Spanish. The words are translated; the numbers are never part of a translation, so no
catalogue can change one.
"""

from __future__ import annotations

from reconnect import i18n
from reconnect.i18n import _

SEEN_SETTING: str = "safety_notice_seen"
"""The store setting that says the notice was shown on first run (every front end reads it)."""

GENERAL = ""
"""The notice for a country without its own list of helplines."""

# Where each number was checked, on 2026-11-30 unless a comment says otherwise. A number is
# checked against the service's own public page where one could be read; where it could not,
# the comment says what the number was checked against instead, or that it was not.
#
# 999 (UK), 911 (US, Mexico), 112 (EU, Spain): the emergency numbers of those countries; not
#   checked against a stored page (no service page for an emergency number was found).
# 0808 2000 247, the UK National Domestic Abuse Helpline, run by Refuge, free, 24 hours:
#   https://www.refuge.org.uk/category/news/ (checked 2026-11-30)
# 116 123, Samaritans, free from landlines and mobiles:
#   https://www.samaritans.org/how-we-can-help/contact-samaritan/ (checked 2026-11-30)
# 988, the US 988 Suicide & Crisis Lifeline: call or text 988; on a call, press 2 for Spanish;
#   by text, AYUDA for Spanish: https://988lifeline.org/get-help/what-to-expect
#   (checked 2026-11-30)
# 1-800-799-7233 and text START to 88788, the US National Domestic Violence Hotline: its own
#   page (thehotline.org) was not among the stored pages; checked against the US Department of
#   Justice's Office for Victims of Crime, https://ovc.ojp.gov/news/grantee-news/
#   national-domestic-violence-hotline-answers-6-million-contacts (checked 2026-11-30). That
#   it answers in Spanish: the Texas Health and Human Services Commission's Spanish page gives
#   800-799-7233 and a live chat in Spanish at espanol.thehotline.org,
#   https://www.hhs.texas.gov/es/servicios/seguridad/programa-contra-la-violencia-familiar
#   (checked 2026-11-30); the notice says "help in Spanish too", not how (advocates or an
#   interpreter), which no stored page settled.
# 016, Spain's line for violence against women (Ministerio de Igualdad), free, 24 hours, no
#   trace on the phone bill; the number does stay in the phone's list of calls, so the notice
#   says to delete it there: the ministry's own page was not among the stored pages; checked
#   against https://www.elperiodicoextremadura.com/noticias/extremadura/
#   extremadura-realizan-tres-llamadas-dia-telefono-016_1194873.html and
#   https://valencianoticias.com/la-defensora-del-pueblo-advierte-en-su-informe-anual-de-que-
#   las-llamadas-realizadas-al-016-dejan-rastro-en-el-telefono (checked 2026-11-30); and, for
#   who runs it now (the Ministerio de Igualdad's Delegación del Gobierno contra la Violencia
#   de Género), free, 24 hours, no trace on the bill, in 53 languages: a 2024 report of the
#   ministry's figures, https://asturi.as/?p=36140463764 (checked 2026-11-30).
# 024, Spain's Línea de atención a la conducta suicida (Ministerio de Sanidad), free, 24 hours:
#   the ministry's own page was not among the stored pages; checked against the public
#   broadcaster, https://www.rtve.es/noticias/20220509/sanidad-presenta-telefono-prevencion-
#   suicidio/2347183.shtml (checked 2026-11-30).
# 800 911 2000, Mexico's Línea de la Vida (Comisión Nacional de Salud Mental y Adicciones,
#   CONASAMA, Secretaría de Salud), free, 24 hours: the government's own page (gob.mx) was not
#   among the stored pages; checked against two national papers quoting the Secretaría de
#   Salud's statements, https://www.proceso.com.mx/ciencia-tecnologia/salud/2025/10/11/
#   se-triplican-llamadas-la-linea-de-la-vida-en-el-primer-trimestre-de-2025-360581.html and
#   https://www.eluniversal.com.mx/nacion/promueven-la-linea-de-la-vida-tras-presentar-
#   encuesta-sobre-consumo-de-drogas-asi-puedes-pedir-ayuda/ (2025-12-24; checked 2026-11-30).
#
# No number above could be read from the service's own page except the UK lines and 988; the
# rest should be checked there again before a release (docs/EXERCISES.md says so too).

HELPLINES_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    GENERAL: ("999", "911", "112", "0808 2000 247", "1-800-799-7233", "88788", "988",
              "116 123"),
    "GB": ("999", "112", "0808 2000 247", "116 123"),
    "US": ("911", "1-800-799-7233", "88788", "988"),
    "ES": ("112", "016", "024"),
    "MX": ("911", "800 911 2000"),
}
"""Every number in each country's notice: tests check that each one shows on screen."""

HELPLINES: tuple[str, ...] = HELPLINES_BY_COUNTRY[GENERAL]
"""Every number in the general notice."""

GENERAL_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "es": ("112", "911", "016", "024", "800 911 2000", "988", "1-800-799-7233"),
}
"""The general notice of a language whose speakers mostly live outside the UK and the US: the
lines of the countries that speak it (in Spanish: Spain, Mexico, and the US lines that answer
in Spanish). Every other language gets :data:`HELPLINES`."""

COUNTRIES: tuple[str, ...] = tuple(code for code in HELPLINES_BY_COUNTRY if code)
"""The countries with their own helplines."""


def _country(country: str | None) -> str:
    chosen = i18n.country() if country is None else country.upper()
    return chosen if chosen in HELPLINES_BY_COUNTRY else GENERAL


def helplines(country: str | None = None) -> tuple[str, ...]:
    """Every number the notice lists for ``country`` in the language spoken now."""
    where = _country(country)
    if where == GENERAL and i18n.current() in GENERAL_BY_LANGUAGE:
        return GENERAL_BY_LANGUAGE[i18n.current()]
    return HELPLINES_BY_COUNTRY[where]


def safety_title() -> str:
    return _("Before you begin: safety")


def _not_therapy() -> str:
    return _("reconnect is not therapy, and it is not a crisis service. It offers structured "
             "exercises for couples who feel safe with each other.")


def _not_for_fear() -> str:
    return _("These exercises are not for you if one partner is afraid of the other. That "
             "includes violence, threats and coercive control: checking your phone, "
             "controlling money, cutting you off from friends, making you afraid to say no. "
             "Couples work can then increase the risk to you. Please talk to a specialist "
             "service on your own first.")


def _item(text: str) -> str:
    """A helpline as a list item; a second line of it is indented under the first."""
    first, *rest = text.split("\n")
    return "\n".join(["  · " + first, *("    " + line for line in rest)])


def help_now(country: str | None = None) -> str:
    """Where to call, for ``country`` (None: the country reconnect was started for)."""
    where = _country(country)
    if where == "GB":
        lines = [_("If you are in danger now, call {emergency} or {other}.").format(
                     emergency="999", other="112"),
                 _item(_("National Domestic Abuse Helpline: {number}").format(
                     number="0808 2000 247")),
                 _item(_("Samaritans, if you are struggling: {number}").format(
                     number="116 123"))]
    elif where == "US":
        lines = [_("If you are in danger now, call {emergency}.").format(emergency="911"),
                 _item(_("National Domestic Violence Hotline: {number},\n"
                         "or text START to {text} (help in Spanish too)").format(
                             number="1-800-799-7233", text="88788")),
                 _item(_("988 Suicide & Crisis Lifeline: call or text {number}\n"
                         "(on a call, press 2 for Spanish)").format(number="988"))]
    elif where == "ES":
        lines = [_("If you are in danger now, call {emergency}.").format(emergency="112"),
                 _item(_("Violence against women: {number}. It leaves no trace\n"
                         "on the phone bill; delete it from the list of calls.").format(
                             number="016")),
                 _item(_("Line for suicidal thoughts and behaviour: {number}").format(
                     number="024"))]
    elif where == "MX":
        lines = [_("If you are in danger now, call {emergency}.").format(emergency="911"),
                 _item(_("Línea de la Vida, for a crisis: {number}").format(
                     number="800 911 2000"))]
    elif i18n.current() in GENERAL_BY_LANGUAGE:
        lines = _spanish_speaking_countries()
    else:
        lines = [_("If you are in danger now, call {uk} (UK), {us} (US) or {eu} (EU).").format(
                     uk="999", us="911", eu="112"),
                 _item(_("UK National Domestic Abuse Helpline: {number}").format(
                     number="0808 2000 247")),
                 _item(_("US National Domestic Violence Hotline: {number},\n"
                         "or text START to {text}").format(number="1-800-799-7233",
                                                          text="88788")),
                 _item(_("US 988 Suicide & Crisis Lifeline: call or text {number}").format(
                     number="988")),
                 _item(_("UK Samaritans, if you are struggling: {number}").format(
                     number="116 123"))]
    lines.append(_("These helplines are free and open day and night."))
    return "\n".join(lines)


def _spanish_speaking_countries() -> list[str]:
    # Translators: the general notice in Spanish, when the country is not known; the English
    # words are never shown (English has its own general notice).
    return [_("If you are in danger now, call {eu} (Spain and the EU) or {americas} (Mexico "
              "and the US).").format(eu="112", americas="911"),
            _item(_("Spain, violence against women: {number}. It leaves no\n"
                    "trace on the phone bill; delete it from the list of calls.").format(
                        number="016")),
            _item(_("Spain, suicidal thoughts and behaviour: {number}").format(number="024")),
            _item(_("Mexico, Línea de la Vida, for a crisis: {number}").format(
                number="800 911 2000")),
            _item(_("US, 988 Suicide & Crisis Lifeline: call {number}\n"
                    "and press 2 for Spanish").format(number="988")),
            _item(_("US, National Domestic Violence Hotline:\n"
                    "{number} (help in Spanish too)").format(number="1-800-799-7233"))]


def _fine_to_stop() -> str:
    return _("It is always fine to stop. Either of you can call a time-out at any moment, "
             "without giving a reason.")


def safety_text(country: str | None = None) -> str:
    """The whole notice, for ``country`` (None: the country reconnect was started for)."""
    together = _("This notice is shown to both of you together. If you can't speak freely "
                 "now, read it again later (F1), or call a helpline when you are alone.")
    computer = _("Nothing you write is sent anywhere: it stays on this computer. But anyone "
                 "who uses this computer can read it, in History and in exported transcripts. "
                 "You can discard an unfinished session from the home screen, delete a "
                 "session in History, delete a couple, or erase everything with the command "
                 "reconnect forget --all.")
    return "\n\n".join([f"{_not_therapy()} {together}", _not_for_fear(), help_now(country),
                        _fine_to_stop(), computer])


def printed_safety(country: str | None = None) -> tuple[str, ...]:
    """The notice's paragraphs that belong on paper (a handout): what reconnect is not, who
    these exercises are not for, the helplines, and that stopping is always fine."""
    return (_not_therapy(), _not_for_fear(), help_now(country), _fine_to_stop())


__all__ = ["COUNTRIES", "GENERAL_BY_LANGUAGE", "HELPLINES", "HELPLINES_BY_COUNTRY",
           "SEEN_SETTING", "help_now", "helplines", "printed_safety", "safety_text",
           "safety_title"]
