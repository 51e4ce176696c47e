"""Regenerate the merged currency table: ``python -m units.lexicon``."""

from units.lexicon import MERGED_CURRENCIES, write_merged

write_merged()
print(f"wrote {MERGED_CURRENCIES}")
