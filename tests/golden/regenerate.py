"""Rewrite the expected outputs of the golden tests from the current code.

Run it only to accept a change on purpose, then review `git diff tests/golden`.
"""

from pathlib import Path

from publisher.catalogs.pofile import format_po
from publisher.documents import read_document
from publisher.extract import document_catalog

HERE = Path(__file__).parent

for case in sorted((HERE / "extract").glob("*.md")):
    if case.name == "README.md":
        continue
    document = read_document(case, f"{case.name}")
    case.with_suffix(".expect.pot").write_text(format_po(document_catalog(document)), "utf-8")
    print("wrote", case.with_suffix(".expect.pot").name)
