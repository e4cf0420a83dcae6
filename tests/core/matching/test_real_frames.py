"""Find my original on real near-identical frames: the corpus's `sessions/d800_a` burst (five 36 MP frames
of one scene), hidden among the corpus's other camera photos, copied the way thieves do. The frame a copy
was made from must come first, or the answer must say `ambiguous` with it beside the winner; a copy must
never come back with nothing. Screenshots and sale cards are the cases where text around the photo once
out-voted the true frame in the shortlist."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from core.matching.index import MatchIndex
from core.matching.query import match_image
from tests.conftest import CORPUS
from tests.core.matching import scenes

pytest.importorskip("cv2")

BURST = CORPUS / "sessions" / "d800_a"
COPIES = ("listing_page", "white_card", "watermark", "crop_to_half", "mirrored")

pytestmark = pytest.mark.skipif(not BURST.is_dir(), reason=f"corpus not found at {CORPUS}")


def listing_page(image: Image.Image) -> Image.Image:
    """A screenshot of a whole listing page: banner, category menu, title, price and buttons around the photo."""
    shot = Image.new("RGB", (1440, 900), (245, 245, 245))
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, 1440, 60), fill=(255, 80, 0))
    draw.text((20, 12), "1688.com  search products ...", fill="white", font=scenes.font(30))
    for row in range(6):
        draw.rectangle((20, 90 + row * 60, 200, 130 + row * 60), fill=(225, 225, 225))
    shot.paste(scenes.fit(image, 640), (240, 100))
    draw.text((920, 120), "Product title 2024 new", fill=(20, 20, 20), font=scenes.font(28))
    draw.text((920, 180), "¥ 39.00", fill=(255, 60, 0), font=scenes.font(40))
    draw.rectangle((920, 260, 1160, 320), fill=(255, 120, 0))
    draw.text((940, 272), "Add to cart", fill="white", font=scenes.font(28))
    return shot


TRANSFORMS = {**scenes.TRANSFORMS, "listing_page": listing_page}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> MatchIndex:
    photos = sorted(CORPUS.rglob("*.jpg"))  # every camera, phone, edited and stripped JPEG of the corpus
    made = MatchIndex(tmp_path_factory.mktemp("data") / "index.sqlite3")
    made.update([(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in photos], workers=1)
    return made


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path, Path]]:
    folder = tmp_path_factory.mktemp("listing")
    made = []
    for frame in sorted(BURST.glob("*.jpg")):
        with Image.open(frame) as opened:
            opened.draft("RGB", (2000, 2000))  # 7360 px frames: a thief's copy never needs more
            picture = opened.convert("RGB")
        for name in COPIES:
            made.append((name, frame, scenes.save(TRANSFORMS[name](picture), folder / f"{frame.stem}_{name}.jpg",
                                                  scenes.QUALITY.get(name, 85))))
    return made


def test_each_copy_finds_its_own_frame_or_says_ambiguous(index: MatchIndex,
                                                          copies: list[tuple[str, Path, Path]]) -> None:
    right = 0
    for _name, frame, query in copies:
        result = match_image(query, index, top=3)
        first = [c for c in result.candidates if c.part == 1]
        assert first, f"{query.name}: nothing found ({[f.code for f in result.findings]})"
        if Path(first[0].path) == frame:
            right += 1
        else:
            assert result.ambiguous, f"{query.name}: {Path(first[0].path).name} given without ambiguous"
            assert frame in {Path(c.path) for c in first[:2]}, f"{query.name}: its frame is not beside the winner"
    assert right >= 0.9 * len(copies), f"only {right} of {len(copies)} copies found their own frame first"
