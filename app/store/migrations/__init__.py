"""Numbered migration scripts: ``NNNN_what.sql``, applied in order, each in
one transaction together with its ``PRAGMA user_version`` bump."""
