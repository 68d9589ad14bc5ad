"""Machine checks of a PDF against the Matterhorn Protocol (PDF/UA-1).

Each condition reads the PDF's own objects with pikepdf and returns the
faults it finds; an empty list is a pass. What needs a person (reading
order, whether an alt text says what the chart shows) is not checked here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import pikepdf

from budgetmaal.publishing.pdf_tagging import (
    Element,
    as_list,
    child_elements,
    elements_below,
    marked_content_id,
    role_map,
    role_of,
    structure_elements,
)

PDFUA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"
# ISO 32000-1, 14.8.4: the standard structure types.
ISO_32000_TYPES = """
Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot
Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form
"""
STANDARD_TYPES = frozenset(ISO_32000_TYPES.split())
TABLE_CHILDREN = {
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"},
    "TBody": {"TR"},
    "TFoot": {"TR"},
    "TR": {"TH", "TD"},
}
LIST_CHILDREN = {"L": {"LI", "Caption", "L"}, "LI": {"Lbl", "LBody"}}
# Operators that put marks on the page: paths, shadings, XObjects, text, images.
PAINTING = "S s f F f* B B* b b* sh Do Tj TJ ' \""
PAINTING_OPERATORS = frozenset(PAINTING.split()) | {"INLINE IMAGE"}
MAX_FAULTS = 5


@dataclass(frozen=True)
class Condition:
    """One Matterhorn checkpoint (or several of one section) made a function."""

    checkpoint: str
    description: str
    faults: Callable[[Reading], list[str]]


class Reading:
    """A PDF with its structure elements and marked content, each read once."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf

    @cached_property
    def elements(self) -> list[Element]:
        return list(structure_elements(self.pdf))

    @cached_property
    def roles(self) -> pikepdf.Dictionary:
        return role_map(self.pdf)

    def children(self, element: Element) -> list[str]:
        """The roles of the element's own children."""
        return [role_of(kid, self.roles) for kid in child_elements(element.node)]

    @cached_property
    def content(self) -> _ContentWalk:
        return _walk_content(self.pdf)


def check(pdf: pikepdf.Pdf) -> list[tuple[Condition, list[str]]]:
    """Every condition with the faults it found in ``pdf`` (empty: passes)."""
    reading = Reading(pdf)
    return [
        (condition, condition.faults(reading)[:MAX_FAULTS]) for condition in CONDITIONS
    ]


def summary(results: list[tuple[Condition, list[str]]]) -> str:
    """«M of N conditions pass», and the failing checkpoints with a fault each."""
    failed = [(condition, faults) for condition, faults in results if faults]
    lines = [f"{len(results) - len(failed)} of {len(results)} conditions pass"]
    lines += [f"  {c.checkpoint} {c.description}: {f[0]}" for c, f in failed]
    return "\n".join(lines)


def _marked(doc):
    mark_info = doc.pdf.Root.get("/MarkInfo", {})
    return [] if mark_info.get("/Marked") is True else ["/MarkInfo /Marked is not true"]


def _struct_tree(doc):
    return (
        []
        if "/StructTreeRoot" in doc.pdf.Root
        else ["no /StructTreeRoot in the catalog"]
    )


def _suspects(doc):
    mark_info = doc.pdf.Root.get("/MarkInfo", {})
    return ["/MarkInfo /Suspects is true"] if mark_info.get("/Suspects") is True else []


def _xmp(doc) -> str:
    metadata = doc.pdf.Root.get("/Metadata")
    return (
        metadata.read_bytes().decode("utf-8", "replace") if metadata is not None else ""
    )


def _has_metadata(doc):
    return [] if _xmp(doc) else ["no XMP metadata stream in the catalog"]


def _pdfua_identifier(doc):
    with doc.pdf.open_metadata() as metadata:
        part = metadata.get(PDFUA_PART)
    return [] if part == "1" else [f"pdfuaid:part is {part!r}, not '1'"]


def _title(doc):
    with doc.pdf.open_metadata() as metadata:
        title = metadata.get("dc:title")
    return [] if title and title.strip() else ["dc:title is missing or empty"]


def _display_doc_title(doc):
    preferences = doc.pdf.Root.get("/ViewerPreferences", {})
    shown = preferences.get("/DisplayDocTitle")
    return [] if shown is True else [f"/ViewerPreferences /DisplayDocTitle is {shown}"]


def _language(doc):
    language = str(doc.pdf.Root.get("/Lang", "")).strip()
    return [] if language else ["no /Lang in the catalog"]


def _role_mapping(doc):
    return [
        f"structure type /{e.role} is not standard and not role-mapped"
        for e in doc.elements
        if e.role not in STANDARD_TYPES
    ]


def _figure_alt_text(doc):
    faults = []
    for number, element in enumerate(e for e in doc.elements if e.role == "Figure"):
        alt = str(element.node.get("/Alt", element.node.get("/ActualText", "")))
        if not alt.strip():
            faults.append(f"Figure number {number + 1} has no /Alt")
    return faults


def _heading_levels(doc):
    levels = [
        int(e.role[1]) for e in doc.elements if e.role in {f"H{n}" for n in range(1, 7)}
    ]
    faults = (
        [] if not levels or levels[0] == 1 else [f"the first heading is H{levels[0]}"]
    )
    faults += [
        f"H{after} follows H{before}"
        for before, after in zip(levels, levels[1:], strict=False)
        if after > before + 1
    ]
    return faults


def _table_headers(doc):
    faults = []
    for number, table in enumerate(e for e in doc.elements if e.role == "Table"):
        if not any(cell.role == "TH" for cell in elements_below(table.node, doc.roles)):
            faults.append(f"Table number {number + 1} has no TH cell")
    return faults


def _header_scope(doc):
    named = _named_headers(doc)
    return [
        f"TH cell {_cell_name(cell)} has no /Scope and no cell names it in /Headers"
        for cell in doc.elements
        if cell.role == "TH"
        and "/Scope" not in _attributes(cell)
        and bytes(cell.node.get("/ID", b"")) not in named
    ]


def _headers_resolve(doc):
    ids = {bytes(e.node.ID) for e in doc.elements if e.role == "TH" and "/ID" in e.node}
    return [
        f"/Headers names {name!r}, which is no TH cell's /ID"
        for name in sorted(_named_headers(doc) - ids)
    ]


def _named_headers(doc) -> set[bytes]:
    return {
        bytes(name)
        for cell in doc.elements
        if cell.role in {"TD", "TH"}
        for name in as_list(_attributes(cell).get("/Headers"))
    }


def _attributes(element: Element) -> pikepdf.Dictionary:
    """The element's table attributes (/A may be one dictionary or several)."""
    merged = pikepdf.Dictionary()
    for attributes in as_list(element.node.get("/A")):
        if isinstance(attributes, pikepdf.Dictionary):
            for key, value in attributes.items():
                merged[key] = value
    return merged


def _cell_name(cell: Element) -> str:
    return str(cell.node.get("/ID", "without /ID"))


def _nesting(rules: dict[str, set[str]]):
    def faults(doc):
        return [
            f"/{element.role} contains /{child}"
            for element in doc.elements
            if element.role in rules
            for child in doc.children(element)
            if child not in rules[element.role]
        ]

    return faults


def _tabs_order(doc):
    return [
        f"page {number} has annotations but /Tabs {page.obj.get('/Tabs')}"
        for number, page in enumerate(doc.pdf.pages, start=1)
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S"
    ]


def _fonts(doc) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    seen = set()
    for page in doc.pdf.pages:
        for name, font in _resource_fonts(page.obj.get("/Resources", {}), set()):
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield name, font


def _resource_fonts(resources, visited) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    for name, font in resources.get("/Font", {}).items():
        yield str(font.get("/BaseFont", name)), font
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in visited:
            visited.add(xobject.objgen)
            yield from _resource_fonts(xobject.get("/Resources", {}), visited)


def _fonts_embedded(doc):
    faults = []
    for name, font in _fonts(doc):
        if font.get("/Subtype") == "/Type3":
            continue
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor", {})
        if not any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            faults.append(f"font {name} is not embedded")
    return faults


def _fonts_unicode(doc):
    return [
        f"font {name} has no /ToUnicode map"
        for name, font in _fonts(doc)
        if "/ToUnicode" not in font
    ]


def _not_encrypted_for_readers(doc):
    if not doc.pdf.is_encrypted:
        return []
    allowed = doc.pdf.allow.accessibility
    return [] if allowed else ["encryption forbids assistive technology (P bit 10)"]


@dataclass
class _ContentWalk:
    """Marked content found in the pages' content streams."""

    untagged: int = 0
    tagged_in_artifact: int = 0
    artifact_in_tagged: int = 0
    mcids: set = field(default_factory=set)


def _walk_content(pdf) -> _ContentWalk:
    walk = _ContentWalk()
    for page in pdf.pages:
        resources = page.obj.get("/Resources", {})
        _walk_stream(page, resources, [], walk, page.obj.objgen, set())
    return walk


def _walk_stream(stream, resources, stack, walk, page_id, visited):
    for instruction in pikepdf.parse_content_stream(stream):
        operands, name = instruction.operands, str(instruction.operator)
        if name in {"BMC", "BDC"}:
            stack.append(_mark(operands, resources, walk, page_id, stack))
        elif name == "EMC" and stack:
            stack.pop()
        elif name in PAINTING_OPERATORS:
            if not {"tagged", "artifact"} & set(stack):
                walk.untagged += 1
            if name == "Do":
                _walk_form(operands[0], resources, stack, walk, page_id, visited)


def _mark(operands, resources, walk, page_id, stack) -> str:
    inside = set(stack)
    if str(operands[0]) == "/Artifact":
        walk.artifact_in_tagged += "tagged" in inside
        return "artifact"
    mcid = marked_content_id(operands, resources)
    if mcid is not None:
        walk.tagged_in_artifact += "artifact" in inside
        walk.mcids.add((page_id, mcid))
        return "tagged"
    return "other"


def _walk_form(name, resources, stack, walk, page_id, visited):
    xobject = resources.get("/XObject", {}).get(name)
    if (
        xobject is None
        or xobject.get("/Subtype") != "/Form"
        or xobject.objgen in visited
    ):
        return
    form_resources = xobject.get("/Resources", resources)
    _walk_stream(
        xobject, form_resources, stack, walk, page_id, visited | {xobject.objgen}
    )


def _content_tagged(doc):
    walk = doc.content
    faults = [f"{walk.untagged} painting operators outside any marked content"]
    return faults if walk.untagged else []


def _artifacts_apart(doc):
    walk = doc.content
    faults = []
    if walk.artifact_in_tagged:
        faults.append(f"{walk.artifact_in_tagged} artifacts inside tagged content")
    if walk.tagged_in_artifact:
        faults.append(f"{walk.tagged_in_artifact} tagged items inside artifacts")
    return faults


def _mcids_in_tree(doc):
    referenced = set()
    for element in doc.elements:
        for kid in as_list(element.node.get("/K")):
            if isinstance(kid, int) and element.page is not None:
                referenced.add((element.page.objgen, kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", element.page)
                referenced.add((page.objgen if page else None, int(kid.MCID)))
    missing = doc.content.mcids - referenced
    return (
        [f"{len(missing)} marked-content items are not in the structure tree"]
        if missing
        else []
    )


CONDITIONS = [
    Condition("01-005", "every content item tagged or an artifact", _content_tagged),
    Condition(
        "01-003/01-004", "artifacts and tagged content not nested", _artifacts_apart
    ),
    Condition(
        "01-005", "every marked-content item in the structure tree", _mcids_in_tree
    ),
    Condition("01-007", "no /Suspects", _suspects),
    Condition("01 (7.1)", "tagged: /MarkInfo /Marked true", _marked),
    Condition("01 (7.1)", "a /StructTreeRoot", _struct_tree),
    Condition("02-001", "every structure type standard or role-mapped", _role_mapping),
    Condition("06-001", "XMP metadata in the catalog", _has_metadata),
    Condition("06-002", "PDF/UA identifier in the XMP", _pdfua_identifier),
    Condition("06-003", "dc:title in the XMP", _title),
    Condition("07-001/07-002", "/DisplayDocTitle true", _display_doc_title),
    Condition(
        "09-004",
        "tables nested as ISO 32000-1 table 337 says",
        _nesting(TABLE_CHILDREN),
    ),
    Condition(
        "09-005", "lists nested as ISO 32000-1 table 336 says", _nesting(LIST_CHILDREN)
    ),
    Condition("10-001", "every font has a /ToUnicode map", _fonts_unicode),
    Condition("11-001", "the document's language in /Lang", _language),
    Condition("13-004", "every Figure has alt text", _figure_alt_text),
    Condition(
        "14-002/14-003", "headings start at H1 and skip no level", _heading_levels
    ),
    Condition("15 (7.5)", "every table has TH cells", _table_headers),
    Condition(
        "15-003", "every TH cell has a /Scope or is named in /Headers", _header_scope
    ),
    Condition("15-005", "every /Headers names a TH cell's /ID", _headers_resolve),
    Condition(
        "26-001",
        "no encryption that shuts out assistive technology",
        _not_encrypted_for_readers,
    ),
    Condition("28-008/28-009", "/Tabs /S on every page with annotations", _tabs_order),
    Condition("31", "every font embedded", _fonts_embedded),
]
