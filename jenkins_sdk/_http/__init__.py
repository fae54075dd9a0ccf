"""Private HTTP layer: URL building, crumbs, retries, redaction, metrics (no Jenkins resources)."""
