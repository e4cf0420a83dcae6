"""The 原图 pre-check: will the platform accept this photo as the camera's original? (DECISIONS.md tiers)"""
