"""Keeping progress: the SQLite store, its migrations, and saved sessions (the store as a
session's journal). Above the core: it saves what the engine reports."""
