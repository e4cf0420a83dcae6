"""Shared ground of the core: findings and their message catalog, rules profiles, resources, app-data folders,
file operations, long-job plumbing and the one OSError -> reason map. Imports nothing else from core."""
