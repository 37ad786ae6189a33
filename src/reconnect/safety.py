"""The safety notice: shown on first run and reachable at any time.

Plain text only (no markup, no terminal code), so any screen or command can show it as it is.
"""

from __future__ import annotations

SAFETY_TITLE: str = "Before you begin: safety"

SAFETY_TEXT: str = """\
reconnect is not therapy, and it is not a crisis service. It offers structured exercises for \
couples who feel safe with each other.

Couples exercises are not advised if one partner is afraid of the other, or where there is \
violence, threats or controlling behaviour. In that case, please talk to a specialist service \
on your own first.

If you are in danger now, call your local emergency number: 999 in the UK, 911 in the US, 112 \
in the EU.
  · UK National Domestic Abuse Helpline: 0808 2000 247 (free, 24 hours)
  · US National Domestic Violence Hotline: 1-800-799-7233 (24 hours)

It is always fine to stop an exercise. Either partner can call a time-out at any moment, \
without giving a reason. What you write stays on this computer. Nothing is sent anywhere."""

SAFETY_SHORT: str = (
    "Not therapy or a crisis service. In danger? Call 999 (UK), 911 (US) or 112 (EU). "
    "Either of you can stop at any time."
)

__all__ = ["SAFETY_SHORT", "SAFETY_TEXT", "SAFETY_TITLE"]
