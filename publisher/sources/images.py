"""Images of documents: refused when they cannot be decoded or are too large.

WeasyPrint leaves an image it cannot decode out of the PDF without a word,
and decodes any image whole, whatever its size (an 88-megapixel PNG costs
nearly a gigabyte per worker).  Each image a document uses is opened here
first: its header gives the size, a decode proves it can be drawn.
"""

from __future__ import annotations

import warnings
from pathlib import Path

#: Most pixels an image may have (8,000 x 5,000: a full A4 page at 600 dpi
#: is 35 million).
MAX_PIXELS = 40_000_000


def image_problem(path: Path) -> str | None:
    """Why the image file at ``path`` cannot be published, or None."""
    if path.suffix.lower() == ".svg":
        return _svg_problem(path)
    from PIL import Image, ImageFile, UnidentifiedImageError

    # WeasyPrint sets LOAD_TRUNCATED_IMAGES for the whole process when it is
    # imported: a cut-off file would then pass as an image with grey rows.
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (f"the image has {width} x {height} pixels "
                            f"({width * height / 1e6:.0f} million); at most "
                            f"{MAX_PIXELS / 1e6:.0f} million are published")
                image.load()
    except UnidentifiedImageError:
        return "the file is not an image that can be drawn (PNG, JPEG, GIF, WebP, SVG)"
    except Image.DecompressionBombError as exc:
        return f"the image is too large to decode ({exc})"
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        return f"the image cannot be decoded ({exc})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return None


def _svg_problem(path: Path) -> str | None:
    from xml.etree import ElementTree

    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as exc:
        return f"the SVG image cannot be read ({exc})"
    if not root.tag.endswith("svg"):
        return "the file is not an SVG image (its root element is not <svg>)"
    return None
