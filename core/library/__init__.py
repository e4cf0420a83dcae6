"""The photo library: catalog (SQLite), folder scans, shoot sessions and behind-the-scenes suggestions."""
