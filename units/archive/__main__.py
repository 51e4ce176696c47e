"""``python -m units.archive``: print the Arrow schema of every table an archive audit writes."""

from units.archive.schemas import TABLES

for name, schema in TABLES.items():
    print(f"{name}\n{schema}\n")
