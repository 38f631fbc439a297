"""Validate UBL against both Peppol rule sets (EN 16931 and Peppol BIS 3.0),
offline with saxonche. The stylesheets are compiled once per process."""

from functools import lru_cache
from pathlib import Path

from lxml import etree

RULES = Path(__file__).resolve().parent.parent / "peppol"
SVRL = "http://purl.oclc.org/dsdl/svrl"


@lru_cache(maxsize=1)
def _compiled():
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    xslt = processor.new_xslt30_processor()
    return processor, [
        xslt.compile_stylesheet(stylesheet_file=str(RULES / name))
        for name in ("CEN-EN16931-UBL.xslt", "PEPPOL-EN16931-UBL.xslt")
    ]


def failures(xml: bytes, *, fatal_only: bool = True) -> list[tuple[str, str]]:
    """(rule id, message) of each failed assert of ``xml`` under both rule sets."""
    processor, rule_sets = _compiled()
    document = processor.parse_xml(xml_text=xml.decode("utf-8"))
    found = []
    for rules in rule_sets:
        report = etree.fromstring(rules.transform_to_string(xdm_node=document).encode())
        for failed in report.iter(f"{{{SVRL}}}failed-assert"):
            if fatal_only and failed.get("flag") != "fatal":
                continue
            text = "".join(failed.itertext()).strip()
            found.append((failed.get("id"), " ".join(text.split())))
    return found
