"""Per-file rules: the check context, the explicit table of checks, the platform's file rules and the
原图 (originality) pre-check. `core.inspection.inspect.inspect_path` is the entry point."""
