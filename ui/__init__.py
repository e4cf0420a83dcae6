"""PySide6 face of the app: windows, views and thin models over core objects."""
