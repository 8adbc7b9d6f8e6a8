"""The only package that speaks SQL: the encrypted store, its keys, migrations,
repositories and the audit log."""
