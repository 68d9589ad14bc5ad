"""Repairs to the tagged PDF that WeasyPrint writes, made with pikepdf.

WeasyPrint tags the page margin boxes (running title, municipality, page
number) as structure elements that hang outside the structure tree, so
they are neither read as content nor marked as artifacts. PDF/UA wants
them as pagination artifacts; ``mark_running_heads_as_artifacts`` makes them so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
ARTIFACT_BDC = b"/Artifact\n<</Type /Pagination>>\nBDC"
# A marked-content start with its properties inline, as WeasyPrint writes it
# (/Span\n<</MCID 3>>\nBDC).
INLINE_BDC = re.compile(rb"/[A-Za-z]\w*\s*<<\s*/MCID\s+(?P<mcid>\d+)\s*>>\s*BDC(?=\s)")


@dataclass(frozen=True)
class Element:
    """A structure element, its role (mapped to a standard type) and page."""

    node: pikepdf.Dictionary
    role: str
    page: pikepdf.Object | None


def as_list(value) -> list:
    """A PDF value that may be one object or an array, as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[Element]:
    """The elements reachable from the structure tree root, in document order."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    yield from elements_below(tree, role_map(pdf))


def role_map(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """The structure tree's /RoleMap (empty if none)."""
    return pdf.Root.get("/StructTreeRoot", {}).get("/RoleMap", pikepdf.Dictionary())


def elements_below(node, roles, page=None) -> Iterator[Element]:
    """The structure elements under ``node``, depth first, roles mapped."""
    for kid in child_elements(node):
        kid_page = kid.get("/Pg", page)
        yield Element(kid, role_of(kid, roles), kid_page)
        yield from elements_below(kid, roles, kid_page)


def child_elements(node) -> list[pikepdf.Dictionary]:
    """The structure elements among a node's kids (not content or annotations)."""
    return [
        kid
        for kid in as_list(node.get("/K"))
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid
    ]


def role_of(element: pikepdf.Dictionary, roles) -> str:
    """The element's structure type, through the role map, without the slash."""
    return str(roles.get(str(element.S), element.S))[1:]


def mark_running_heads_as_artifacts(pdf: pikepdf.Pdf) -> int:
    """Turn marked content whose element is outside the tree into artifacts.

    Returns how many marked-content items were changed.
    """
    reachable = {element.node.objgen for element in structure_elements(pdf)}
    parent_tree = _parent_tree(pdf)
    changed = 0
    for page in pdf.pages:
        mcids = parent_tree.get(int(page.obj.get("/StructParents", -1)))
        if mcids is None:
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(mcids)
            if isinstance(element, pikepdf.Dictionary)
            and element.objgen not in reachable
        }
        if orphans:
            changed += _rewrite_page(pdf, page, orphans)
            for mcid in orphans:
                mcids[mcid] = None
    return changed


def _parent_tree(pdf) -> dict[int, pikepdf.Array]:
    """The parent tree's page arrays by StructParents key (a flat /Nums)."""
    tree = pdf.Root.StructTreeRoot.get("/ParentTree", {})
    numbers = tree.get("/Nums", [])
    return {
        int(key): value for key, value in zip(numbers[::2], numbers[1::2], strict=True)
    }


def _rewrite_page(pdf, page, orphans: set[int]) -> int:
    """The orphans' BDC operators made artifacts: in WeasyPrint's own
    spelling (INLINE_BDC) on the bytes of the page, a few milliseconds; in
    any other through a full parse of the page."""
    page.contents_coalesce()
    changed = 0

    def artifact(found: re.Match) -> bytes:
        nonlocal changed
        if int(found["mcid"]) not in orphans:
            return found[0]
        changed += 1
        return ARTIFACT_BDC

    rewritten = INLINE_BDC.sub(artifact, page.obj.Contents.read_bytes())
    if changed != len(orphans):
        return _rewrite_parsed_page(pdf, page, orphans)
    page.obj.Contents = pdf.make_stream(rewritten)
    return changed


def _rewrite_parsed_page(pdf, page, orphans: set[int]) -> int:
    resources = page.obj.get("/Resources", {})
    changed = 0
    rewritten = []
    for instruction in pikepdf.parse_content_stream(page):
        if (
            str(instruction.operator) == "BDC"
            and marked_content_id(instruction.operands, resources) in orphans
        ):
            instruction = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact, PAGINATION], instruction.operator
            )
            changed += 1
        rewritten.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
    return changed


def marked_content_id(operands, resources=None) -> int | None:
    """The MCID of a BDC operator's property list (inline or named in the
    resources' /Properties), or None."""
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Name) and resources is not None:
        properties = resources.get("/Properties", {}).get(properties)
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None
