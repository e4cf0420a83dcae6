"""Visible faces in photos, for the model-proof rule, and the per-case cache of results."""
