"""The safety notice: shown to both partners together on first run, and reachable at any time (F1).

Plain text only (no markup, no terminal code), so any screen or command can show it as it is.
Each helpline sits on a short line of its own, so that no number is ever split across two lines
of an 80-column screen. The printed handout of an exercise carries the same paragraphs, less
the ones about the app (:data:`PRINTED_SAFETY`).
"""

from __future__ import annotations

SAFETY_TITLE: str = "Before you begin: safety"

SEEN_SETTING: str = "safety_notice_seen"
"""The store setting that says the notice was shown on first run (every front end reads it)."""

NOT_THERAPY: str = ("reconnect is not therapy, and it is not a crisis service. It offers "
                    "structured exercises for couples who feel safe with each other.")

NOT_FOR_FEAR: str = """\
These exercises are not for you if one partner is afraid of the other. That includes violence, \
threats and coercive control: checking your phone, controlling money, cutting you off from \
friends, making you afraid to say no. Couples work can then increase the risk to you. Please \
talk to a specialist service on your own first."""

HELP_NOW: str = """\
If you are in danger now, call 999 (UK), 911 (US) or 112 (EU).
  · UK National Domestic Abuse Helpline: 0808 2000 247
  · US National Domestic Violence Hotline: 1-800-799-7233,
    or text START to 88788
  · US 988 Suicide & Crisis Lifeline: call or text 988
  · UK Samaritans, if you are struggling: 116 123
These helplines are free and open day and night."""

FINE_TO_STOP: str = ("It is always fine to stop. Either of you can call a time-out at any "
                     "moment, without giving a reason.")

SAFETY_TEXT: str = f"""\
{NOT_THERAPY} This notice is shown to both of you together. If you \
can't speak freely now, read it again later (F1), or call a helpline when you are alone.

{NOT_FOR_FEAR}

{HELP_NOW}

{FINE_TO_STOP}

Nothing you write is sent anywhere: it stays on this computer. But anyone who uses this \
computer can read it, in History and in exported transcripts. You can discard an unfinished \
session from the home screen, delete a session in History, delete a couple, or erase \
everything with the command reconnect forget --all."""

PRINTED_SAFETY: tuple[str, ...] = (NOT_THERAPY, NOT_FOR_FEAR, HELP_NOW, FINE_TO_STOP)
"""The notice's paragraphs that belong on paper (a handout): what reconnect is not, who these
exercises are not for, the helplines, and that stopping is always fine."""

HELPLINES: tuple[str, ...] = (
    "999", "911", "112", "0808 2000 247", "1-800-799-7233", "88788", "988", "116 123",
)
"""Every number in the notice: tests check that each one shows on screen."""

__all__ = ["HELPLINES", "PRINTED_SAFETY", "SAFETY_TEXT", "SAFETY_TITLE", "SEEN_SETTING"]
