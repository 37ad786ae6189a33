"""Build-time generators: the JSON Schema and the reference in docs/FORMAT.md, both made from
the key tables in :mod:`reconnect.format.schema`. Nothing at run time imports these; tests check
that the shipped outputs are current."""
