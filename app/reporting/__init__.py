"""Anonymous monitoring figures for the municipality (pure domain)."""
