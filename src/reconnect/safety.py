"""The safety notice: shown to both partners together on first run, and reachable at any time (F1).

Plain text only (no markup, no terminal code), so any screen or command can show it as it is.
Each helpline sits on a short line of its own, so that no number is ever split across two lines
of an 80-column screen.
"""

from __future__ import annotations

SAFETY_TITLE: str = "Before you begin: safety"

SEEN_SETTING: str = "safety_notice_seen"
"""The store setting that says the notice was shown on first run (every front end reads it)."""

SAFETY_TEXT: str = """\
reconnect is not therapy, and it is not a crisis service. It offers structured exercises for \
couples who feel safe with each other. This notice is shown to both of you together. If you \
can't speak freely now, read it again later (F1), or call a helpline when you are alone.

These exercises are not for you if one partner is afraid of the other. That includes violence, \
threats and coercive control: checking your phone, controlling money, cutting you off from \
friends, making you afraid to say no. Couples work can then increase the risk to you. Please \
talk to a specialist service on your own first.

If you are in danger now, call 999 (UK), 911 (US) or 112 (EU).
  · UK National Domestic Abuse Helpline: 0808 2000 247
  · US National Domestic Violence Hotline: 1-800-799-7233,
    or text START to 88788
  · US 988 Suicide & Crisis Lifeline: call or text 988
  · UK Samaritans, if you are struggling: 116 123
These helplines are free and open day and night.

It is always fine to stop. Either of you can call a time-out at any moment, without giving \
a reason.

Nothing you write is sent anywhere: it stays on this computer. But anyone who uses this \
computer can read it, in History and in exported transcripts. You can discard an unfinished \
session from the home screen, delete a session in History, delete a couple, or erase \
everything with the command reconnect forget --all."""

HELPLINES: tuple[str, ...] = (
    "999", "911", "112", "0808 2000 247", "1-800-799-7233", "88788", "988", "116 123",
)
"""Every number in the notice: tests check that each one shows on screen."""

__all__ = ["HELPLINES", "SAFETY_TEXT", "SAFETY_TITLE", "SEEN_SETTING"]
