"""``python -m reconnect``."""

from reconnect.cli import main

main()
