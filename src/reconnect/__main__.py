"""``python -m reconnect``."""

from reconnect.cli.entry import main

main()
