"""``python -m reconnect``."""

from reconnect.entry import main

main()
