"""RAW and HEIC to JPEG, at full resolution, carrying the camera's evidence into the copy."""
