"""reconnect: a terminal companion that guides couples through relationship exercises."""

__version__ = "0.1.0"
