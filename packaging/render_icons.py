"""Render the app icon's PNG sizes from its SVG, with Qt's own SVG renderer.

Run from the repository root after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

Writes ``resources/icons/hicolor/<n>x<n>/apps/nl.veiligwijzer.Veiligwijzer.png``
for every size in ``SIZES`` (the freedesktop hicolor layout, so the folder can
be copied to ``/usr/share/icons`` as it is), and ``nl.veiligwijzer.Veiligwijzer.ico``
(16 to 256, for the Windows executable and installer) with Pillow, which
reportlab already brings. Nothing is downloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "nl.veiligwijzer.Veiligwijzer"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / f"{APP_ID}.svg"
    for size in SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        print(target.relative_to(ICONS.parent.parent))
    from PIL import Image

    largest = ICONS / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png"
    ico = ICONS / f"{APP_ID}.ico"
    Image.open(largest).save(ico, sizes=[(n, n) for n in SIZES if n <= 256])
    print(ico.relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
