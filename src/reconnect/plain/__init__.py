"""The line mode (``reconnect --plain``): the same engine, said as sentences, line by line.

For partners who use a screen reader or a braille display, for simple terminals (``TERM=dumb``)
and for scripts: nothing is drawn in place, there is no cursor movement and no alternate screen,
and colour is only ever emphasis. Like the full-screen app it renders the engine's
:class:`~reconnect.core.view.View` and sends events; it holds no session rule of its own.

- :mod:`~reconnect.plain.terminal` reads lines (with a time limit, so timers can be announced
  while waiting) and writes wrapped lines;
- :mod:`~reconnect.plain.words` says a View as whole sentences (pure functions, no I/O);
- :mod:`~reconnect.plain.timers` decides when a countdown is announced;
- :mod:`~reconnect.plain.session` is the prompt loop of one session;
- :mod:`~reconnect.plain.home` is the numbered menus, the set-up and the launch.

It imports neither Textual nor Rich.
"""
