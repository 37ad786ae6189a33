"""The browser mode (``reconnect serve``): the same app in a browser tab, through textual-serve.

Each tab runs its own ``reconnect`` process with the options ``serve`` was given, on Textual's
web driver; textual-serve carries its screen to the page and the keys back. Nothing here is a
web front end of its own, and nothing holds a session rule: a tab is the full-screen app.

- :mod:`~reconnect.web.server` is textual-serve's server made safe for a couple's sessions: it
  listens on a loopback address only (unless told otherwise), on a socket bound before the URL
  is printed; every address carries a token made fresh at each start; every asset of the page
  comes from this computer; and stopping closes each tab's app through its normal exit.
- :mod:`~reconnect.web.serve` is the command: checks, the printed URL, Ctrl+C.

Loaded only by ``reconnect serve`` (``pip install reconnect[web]``).
"""
