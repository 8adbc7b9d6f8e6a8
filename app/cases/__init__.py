"""The case and its household: the records every other part hangs from."""
