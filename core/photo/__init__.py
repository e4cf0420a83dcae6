"""Facts about a photo file, no verdicts: its real type, one reader per kind, EXIF/XMP/IPTC, the one
"decode small and upright" routine, perceptual hash and the conversion record sidecar."""
