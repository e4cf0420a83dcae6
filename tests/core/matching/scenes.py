"""Generated scenes for the matching tests: a textured "product shoot", its near-identical neighbours
(an object moved, the camera shifted 1.5%, the light changed) and the copies thieves make of it."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

W, H = 1400, 1050


def scene(seed: int, width: int = W + 60, height: int = H + 60) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(260):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randrange(8, 90)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.randrange(3)
        if shape == 0:
            draw.ellipse((x, y, x + size, y + size * rng.uniform(0.4, 1.6)), fill=colour)
        elif shape == 1:
            draw.rectangle((x, y, x + size, y + size * rng.uniform(0.3, 1.2)), fill=colour, outline=(0, 0, 0))
        else:
            draw.line((x, y, x + rng.randrange(-150, 150), y + rng.randrange(-150, 150)), fill=colour,
                      width=rng.randrange(1, 6))
    noise = np.random.default_rng(seed).normal(0, 4, (height, width, 3))
    pixels = np.clip(np.asarray(image.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float32) + noise, 0, 255)
    return Image.fromarray(pixels.astype(np.uint8))


def frames(seed: int) -> dict[str, Image.Image]:
    """a: the frame; b: a small object moved; c: the camera moved 1.5% right, 1% down; d: light changed."""
    big = scene(seed)
    a = big.crop((30, 30, 30 + W, 30 + H))
    dx, dy = int(W * 0.015), int(H * 0.01)
    c = big.crop((30 + dx, 30 + dy, 30 + dx + W, 30 + dy + H))
    b = a.copy()
    patch = b.crop((500, 400, 600, 500))
    b.paste(Image.new("RGB", (100, 100), (128, 128, 128)), (500, 400))
    b.paste(patch, (560, 440))  # moved 60 px right, 40 px down
    ramp = np.linspace(0.94, 1.08, W, dtype=np.float32)[None, :, None]
    d = Image.fromarray(np.clip(np.asarray(a, dtype=np.float32) * ramp + 3, 0, 255).astype(np.uint8))
    return {"a": a, "b": b, "c": c, "d": d}


def font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def fit(image: Image.Image, edge: int) -> Image.Image:
    small = image.copy()
    small.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    return small


def crop50(image: Image.Image) -> Image.Image:
    w, h = image.size
    return fit(image.crop((int(w * 0.2), int(h * 0.25), int(w * 0.2) + int(w * 0.707), int(h * 0.25) + int(h * 0.707))),
               600)


def watermark(image: Image.Image) -> Image.Image:
    base = fit(image, 800).convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for row in range(3):
        draw.text((40, 120 + row * 220), "SHOP 好货 Best", font=font(70), fill=(255, 255, 255, 110))
    return Image.alpha_composite(base, layer.rotate(15)).convert("RGB")


def card(image: Image.Image) -> Image.Image:
    sheet = Image.new("RGB", (800, 800), "white")
    sheet.paste(fit(image, 560), (120, 110))
    draw = ImageDraw.Draw(sheet)
    draw.text((40, 20), "HOT SALE -50%", fill=(220, 20, 20), font=font(48))
    draw.text((40, 700), "Price 39.90  Buy now!", fill=(20, 20, 20), font=font(44))
    return sheet


def screenshot(image: Image.Image) -> Image.Image:
    shot = Image.new("RGB", (1440, 900), (245, 245, 245))
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, 1440, 60), fill=(255, 80, 0))
    draw.text((20, 12), "1688.com  search", fill="white", font=font(30))
    shot.paste(fit(image, 640), (240, 100))
    draw.text((920, 180), "Product 39.00", fill=(255, 60, 0), font=font(40))
    return shot


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    turned = fit(image, 900).rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor="white")
    w, h = turned.size
    return turned.crop((int(w * 0.07), int(h * 0.07), int(w * 0.93), int(h * 0.93)))


def light(image: Image.Image, brightness: float, contrast: float) -> Image.Image:
    return ImageEnhance.Contrast(ImageEnhance.Brightness(fit(image, 800)).enhance(brightness)).enhance(contrast)


TRANSFORMS = {
    "crop_to_half": crop50,
    "resize_600_q60": lambda im: fit(im, 600),
    "jpeg_q95": lambda im: fit(im, 1000),
    "watermark": watermark,
    "white_card": card,
    "mirrored": lambda im: ImageOps.mirror(fit(im, 800)),
    "brighter_less_contrast": lambda im: light(im, 1.2, 0.8),
    "darker_more_contrast": lambda im: light(im, 0.8, 1.2),
    "rotated_5": lambda im: rotate(im, 5),
    "rotated_minus_5": lambda im: rotate(im, -5),
    "screenshot": screenshot,
}
QUALITY = {"resize_600_q60": 60, "jpeg_q95": 95}


def collage(images: list[Image.Image]) -> Image.Image:
    sheet = Image.new("RGB", (820, 620), "white")
    for i, image in enumerate(images[:4]):
        sheet.paste(ImageOps.fit(image, (400, 300)), (10 + (i % 2) * 405, 10 + (i // 2) * 305))
    return sheet


def save(image: Image.Image, path: Path, quality: int = 88) -> Path:
    if path.suffix == ".png":
        image.save(path)
    else:
        image.save(path, quality=quality)
    return path
