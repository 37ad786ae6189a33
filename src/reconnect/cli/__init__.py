"""The ``reconnect`` command: a fast path for opening the app, and the commands."""
