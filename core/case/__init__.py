"""A complaint case: its file, how it is built from photos, the people in it, the listing, the review of
every rule, and the exported bundle (manifest, report)."""
