"""Reusable widgets: the image grid, item delegates, dialogs, the theme and the thumbnail cache."""
