"""Write weasyprint-70-actualtext.patch: publisher/render/pdftext.py's change as a
patch against WeasyPrint's own weasyprint/draw/text.py, to offer upstream.

    python patches/make_patch.py > patches/weasyprint-70-actualtext.patch
"""

import difflib
import inspect
import sys

import weasyprint.draw.text as text

from publisher.render import pdftext as m

HELPERS = (m._clusters, m._nominal_glyphs, m._joiner_glyph, m._map_marks, m._map_base, m._flush,
           m._actual_text_operator, m._marker, m._begin_actual_text, m._end_actual_text)
GLOBALS = ("_NOMINAL: dict[str, dict[int, str]] = {}\n"
           "_CMAP: dict[str, dict[int, int]] = {}\n"
           f"_JOINERS = frozenset({''.join(sorted(m._JOINERS))!a})\n\n\n")

original = inspect.getsource(text)
patched = original.replace(
    inspect.getsource(m.ORIGINAL),
    inspect.getsource(m.draw_first_line) + "\n\n" + GLOBALS
    + "".join(inspect.getsource(f) + "\n\n" for f in HELPERS))
patched = patched.replace("from io import BytesIO\n",
                          "import unicodedata\nfrom collections import Counter\nfrom io import BytesIO\n", 1)
sys.stdout.writelines(difflib.unified_diff(original.splitlines(True), patched.splitlines(True),
                                           "a/weasyprint/draw/text.py", "b/weasyprint/draw/text.py"))
