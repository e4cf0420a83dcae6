"""Screens and panels of the window: each one a view over core objects, rebuilt from them at any time."""
