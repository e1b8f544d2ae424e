"""The demo's pictures, drawn with Pillow at seed time: nothing is shipped, nothing downloaded.

A logo, a cover per campaign, and a few pictures members attach to their ideas. Flat shapes in
the brand's colours, saved as small JPEG/PNG files (a few kilobytes each) that go through the
same upload checks as a member's.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

ESPRESSO, CARAMEL, CREAM, NIGHT, SAGE = "#5b3a29", "#c8641e", "#f5ead8", "#1f3a5f", "#9bb59a"
Draw = ImageDraw.ImageDraw


def _file(image: Image.Image, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    if name.endswith(".png"):
        image.save(buffer, format="PNG", optimize=True)
        kind = "image/png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=72, optimize=True)
        kind = "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=kind)


def _cup(draw: Draw, x: int, y: int, size: int, body: str, sleeve: str, lid: str) -> None:
    """A takeaway cup standing at (x, y) (its bottom centre), ``size`` pixels high."""
    w_top, w_bottom = size * 0.62, size * 0.46
    top = y - size
    draw.polygon(
        [
            (x - w_top / 2, top + size * 0.12),
            (x + w_top / 2, top + size * 0.12),
            (x + w_bottom / 2, y),
            (x - w_bottom / 2, y),
        ],
        fill=body,
    )
    band = [
        (x - w_top * 0.47, top + size * 0.42),
        (x + w_top * 0.47, top + size * 0.42),
        (x + w_top * 0.42, top + size * 0.72),
        (x - w_top * 0.42, top + size * 0.72),
    ]
    draw.polygon(band, fill=sleeve)
    draw.rounded_rectangle(
        (x - w_top * 0.56, top, x + w_top * 0.56, top + size * 0.13), radius=size // 20, fill=lid
    )


def _steam(draw: Draw, x: int, y: int, colour: str, height: int = 70) -> None:
    for offset in (-18, 0, 18):
        points = [
            (x + offset + 7 * math.sin(step / 3), y - step * height / 12) for step in range(13)
        ]
        draw.line(points, fill=colour, width=5, joint="curve")


def logo() -> SimpleUploadedFile:
    """Café Lumière's logo: a cup with a rising sun of steam, on a round espresso badge."""
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 248, 248), fill=ESPRESSO)
    draw.pieslice((78, 40, 178, 140), 180, 360, fill=CARAMEL)
    for angle in range(200, 345, 24):
        rad = math.radians(angle)
        draw.line(
            (
                128 + 58 * math.cos(rad),
                90 + 58 * math.sin(rad),
                128 + 78 * math.cos(rad),
                90 + 78 * math.sin(rad),
            ),
            fill=CARAMEL,
            width=6,
        )
    draw.rounded_rectangle((70, 100, 186, 196), radius=18, fill=CREAM)
    draw.arc((168, 118, 214, 172), -90, 90, fill=CREAM, width=12)
    draw.rectangle((70, 100, 186, 116), fill=CARAMEL)
    return _file(image, "cafe-lumiere-logo.png")


def _cover(background: str, paint: Callable[[Draw], None], name: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (1200, 400), background)
    paint(ImageDraw.Draw(image))
    return _file(image, name)


def cover(theme: str) -> SimpleUploadedFile:
    """A campaign cover: cups on a counter, a winter table, the app on a phone, a contest."""

    def cups(draw: Draw) -> None:
        draw.rectangle((0, 300, 1200, 400), fill="#8a6242")
        for i, (body, sleeve) in enumerate(
            [(CREAM, CARAMEL), (SAGE, CREAM), (NIGHT, CARAMEL), (CREAM, ESPRESSO), (CARAMEL, CREAM)]
        ):
            _cup(draw, 180 + i * 210, 305, 150 + (i % 2) * 40, body, sleeve, ESPRESSO)
        draw.ellipse((980, 40, 1100, 160), fill="#f2c14e")

    def winter(draw: Draw) -> None:
        draw.rectangle((0, 280, 1200, 400), fill="#6b4a34")
        for i in range(40):
            draw.ellipse(
                (i * 97 % 1200, i * 53 % 260, i * 97 % 1200 + 8, i * 53 % 260 + 8), fill="#ffffff"
            )
        for i, colour in enumerate(["#7b3f20", "#d9a066", "#3e2a1e"]):
            x = 300 + i * 300
            draw.ellipse((x - 90, 250, x + 90, 300), fill=CREAM)
            draw.rounded_rectangle((x - 60, 150, x + 60, 280), radius=20, fill=colour)
            draw.arc((x + 40, 175, x + 100, 245), -90, 90, fill=colour, width=14)
            _steam(draw, x, 140, "#ffffff")

    def app(draw: Draw) -> None:
        for i in range(8):
            draw.ellipse((i * 160 - 40, 260 - i % 3 * 40, i * 160 + 120, 420), fill="#2b4c73")
        draw.rounded_rectangle((520, 30, 700, 380), radius=28, fill="#111827")
        draw.rounded_rectangle((534, 60, 686, 350), radius=12, fill=CREAM)
        for row in range(4):
            y = 80 + row * 66
            draw.rounded_rectangle((548, y, 672, y + 50), radius=8, fill="#ffffff")
            _cup(draw, 575, y + 44, 38, CARAMEL, CREAM, ESPRESSO)
            draw.rectangle((600, y + 14, 660, y + 22), fill="#c9b8a6")
        draw.ellipse((760, 120, 860, 220), fill=CARAMEL)

    def contest(draw: Draw) -> None:
        draw.rectangle((0, 320, 1200, 400), fill="#e9dccb")
        palette = [(ESPRESSO, "#d4a373"), (SAGE, CREAM), (NIGHT, "#e9c46a"), ("#b5563a", CREAM)]
        for i, (body, sleeve) in enumerate(palette):
            x, height = 240 + i * 240, 200 + (40 if i == 1 else 0)
            draw.rectangle((x - 80, 320, x + 80, 340 + (3 - i) * 6), fill="#cdb89f")
            _cup(draw, x, 322, height, body, sleeve, "#2a170d")
        draw.polygon(
            [
                (480, 60),
                (500, 20),
                (520, 60),
                (560, 66),
                (530, 92),
                (540, 132),
                (500, 112),
                (460, 132),
                (470, 92),
                (440, 66),
            ],
            fill="#f2c14e",
        )

    painters = {
        "cups": (cups, "#f3e2c7"),
        "winter": (winter, "#1f3a5f"),
        "app": (app, "#dbe7f3"),
        "contest": (contest, "#f6efe6"),
    }
    paint, background = painters[theme]
    return _cover(background, paint, f"cover-{theme}.jpg")


def idea_picture(kind: str) -> SimpleUploadedFile:
    """A picture a member attached to an idea (a sketch of what they mean)."""
    image = Image.new("RGB", (900, 600), CREAM)
    draw = ImageDraw.Draw(image)
    if kind == "chestnut":
        draw.rectangle((0, 430, 900, 600), fill="#8a6242")
        draw.rounded_rectangle((330, 230, 570, 450), radius=30, fill="#7b3f20")
        draw.ellipse((330, 210, 570, 260), fill="#4a2a18")
        draw.arc((540, 270, 640, 390), -90, 90, fill="#7b3f20", width=22)
        for x, y in ((180, 470), (250, 500), (680, 480)):
            draw.pieslice((x - 45, y - 50, x + 45, y + 40), 200, 340, fill="#5a3015")
            draw.ellipse((x - 40, y - 30, x + 40, y + 35), fill="#6e3b1c")
        _steam(draw, 450, 200, "#b69a85", 120)
    else:  # pickup: a phone showing "ready" beside a cup on the counter
        draw.rectangle((0, 420, 900, 600), fill="#6b4a34")
        draw.rounded_rectangle((160, 90, 380, 520), radius=30, fill="#111827")
        draw.rounded_rectangle((176, 130, 364, 480), radius=14, fill="#ffffff")
        draw.ellipse((225, 190, 315, 280), fill="#2f9e44")
        draw.line((245, 236, 265, 256, 298, 214), fill="#ffffff", width=12, joint="curve")
        for row in range(3):
            draw.rounded_rectangle(
                (200, 310 + row * 48, 340, 334 + row * 48), radius=6, fill="#e5e7eb"
            )
        _cup(draw, 600, 430, 260, CREAM, CARAMEL, ESPRESSO)
        _steam(draw, 600, 150, "#b69a85", 100)
    return _file(image, f"idea-{kind}.jpg")
