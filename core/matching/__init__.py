"""Find my original: from a thief's listing image to the library photo it was made from, with proof.

`index` keeps a visual index of the library (ORB features and shortlist words, its own SQLite file beside
the catalog), `query` finds and ranks candidates (shortlist by word votes, RANSAC similarity, then a dense
pixel check in `verify` that tells near-identical frames apart), `evidence` draws the comparison picture
a reviewer sees. OpenCV is imported only here, so commands that do not match never load it.
"""
