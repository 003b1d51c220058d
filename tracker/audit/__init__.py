"""Audit: the saved query library and the read-only guard for ad-hoc Cypher."""
