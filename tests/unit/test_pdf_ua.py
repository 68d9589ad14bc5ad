"""The PDF/UA checks pass on a small report-like PDF, and each one fails on
the fault it is there to find; the running heads become artifacts."""

from __future__ import annotations

import base64
import io
from datetime import date

import pikepdf
import pytest
from pdf_text import page_texts

from budgetmaal.checking import pdf_ua
from budgetmaal.publishing import pdf_tagging
from budgetmaal.publishing.pdf_tagging import (
    mark_running_heads_as_artifacts,
    structure_elements,
)
from budgetmaal.publishing.render import write_pdf

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><path d="M0 0L40 20" stroke="#000"/></svg>'
HTML = f"""<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">
<title>Mål for Budget 2021 – Prøve Kommune</title>
<link rel="stylesheet" href="fonts.css"><link rel="stylesheet" href="style.css"></head>
<body><section class="cover"><h1 class="doc-title">Mål for Budget 2021</h1>
<p class="meta"><span class="kommune-name">Prøve Kommune</span></p></section>
<section class="chapter"><h2>Overblik</h2>
<table><thead><tr><th scope="col">Mål</th><th scope="col" class="num">Seneste</th></tr></thead>
<tbody><tr><td>Færre hjemløse</td><td class="num">1.234</td></tr></tbody></table>
<h3>Veje til målet</h3><ul><li>Bolig først</li><li>Støtte</li></ul>
<figure><img src="data:image/svg+xml;base64,{base64.b64encode(SVG.encode()).decode()}"
 alt="Antal hjemløse faldt."><figcaption>Antal hjemløse faldt.</figcaption></figure>
</section></body></html>"""


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    target = io.BytesIO()
    write_pdf(HTML, target, created=date(2026, 11, 24))
    return target.getvalue()


@pytest.fixture
def pdf(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as document:
        yield document


def failing(document) -> list[str]:
    return [c.description for c, faults in pdf_ua.check(document) if faults]


def only(description_part: str, document) -> None:
    fails = failing(document)
    assert len(fails) == 1 and description_part in fails[0], fails


def test_the_rendered_pdf_passes_every_condition(pdf):
    results = pdf_ua.check(pdf)
    assert len(results) >= 12
    assert failing(pdf) == []
    assert (
        pdf_ua.summary(results) == f"{len(results)} of {len(results)} conditions pass"
    )


def test_weasyprints_running_heads_are_outside_the_tree_until_made_artifacts(pdf_bytes):
    from weasyprint import HTML as WeasyHTML

    from budgetmaal.publishing.render import TEMPLATE_DIR, confined_fetcher

    raw = WeasyHTML(
        string=HTML, base_url=str(TEMPLATE_DIR) + "/", url_fetcher=confined_fetcher()
    ).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(raw)) as document:
        only("marked-content item in the structure tree", document)
        assert mark_running_heads_as_artifacts(document) >= 2
        assert failing(document) == []
    # The running heads are still printed: title and page number on page 2.
    text = page_texts(pdf_bytes)[1]
    assert "Mål for Budget 2021" in text and "Side 2 af 2" in text


def _weasyprint_pdf() -> bytes:
    from weasyprint import HTML as WeasyHTML

    from budgetmaal.publishing.render import TEMPLATE_DIR, confined_fetcher

    return WeasyHTML(
        string=HTML, base_url=str(TEMPLATE_DIR) + "/", url_fetcher=confined_fetcher()
    ).write_pdf(pdf_variant="pdf/ua-1")


def _marked_content(document) -> list[list]:
    """Each page's BDC operands, as the parser reads them."""
    return [
        [
            [str(o) for o in i.operands]
            for i in pikepdf.parse_content_stream(page)
            if str(i.operator) == "BDC"
        ]
        for page in document.pages
    ]


def test_the_fast_rewrite_marks_what_the_full_parse_marks(monkeypatch):
    """Each page's bytes are rewritten where WeasyPrint spells the marked
    content as it does; the result is the parse-and-rewrite's."""
    raw = _weasyprint_pdf()
    parse = pdf_tagging._rewrite_parsed_page
    with monkeypatch.context() as patch, pikepdf.open(io.BytesIO(raw)) as fast:
        patch.setattr(pdf_tagging, "_rewrite_parsed_page", None)  # not called
        changed = mark_running_heads_as_artifacts(fast)
        fast_marks = _marked_content(fast)
    monkeypatch.setattr(pdf_tagging, "_rewrite_page", parse)
    with pikepdf.open(io.BytesIO(raw)) as parsed:
        assert mark_running_heads_as_artifacts(parsed) == changed >= 2
        assert _marked_content(parsed) == fast_marks
    artifacts = [m for page in fast_marks for m in page if m[0] == "/Artifact"]
    assert len(artifacts) == changed


def test_marked_content_spelled_otherwise_is_rewritten_by_the_parse(pdf):
    """An orphan whose properties are named in the resources, not inline,
    is still made an artifact (the fast rewrite finds none and hands over)."""
    page = pdf.pages[1]
    page.obj.Resources.Properties = pikepdf.Dictionary(P0=pikepdf.Dictionary(MCID=77))
    page.contents_add(pdf.make_stream(b"/Span /P0 BDC 0 0 m 10 10 l S EMC"))
    orphan = pikepdf.Dictionary(S=pikepdf.Name.Span)
    key = int(page.obj.StructParents)
    tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    index = [int(k) for k in tree[::2]].index(key)
    marks = tree[2 * index + 1]
    marks.extend([None] * (78 - len(marks)))
    marks[77] = pdf.make_indirect(orphan)
    assert mark_running_heads_as_artifacts(pdf) == 1
    assert _marked_content(pdf)[1][-1][0] == "/Artifact"


def test_untagged_content_fails(pdf):
    page = pdf.pages[1]
    # Marked content without an MCID is not tagged content.
    page.contents_add(pdf.make_stream(b"/Span BMC 0 0 m 10 10 l S EMC"), prepend=False)
    only("every content item tagged or an artifact", pdf)


def test_tagged_content_inside_an_artifact_fails(pdf):
    page = pdf.pages[1]
    page.contents_add(pdf.make_stream(b"/Artifact BMC /P <</MCID 999>> BDC EMC EMC"))
    assert "artifacts and tagged content not nested" in failing(pdf)


def test_missing_language_title_and_display_title_fail(pdf):
    del pdf.Root["/Lang"]
    only("/Lang", pdf)
    pdf.Root.ViewerPreferences.DisplayDocTitle = False
    assert "/DisplayDocTitle true" in failing(pdf)


def test_metadata_without_the_pdfua_identifier_or_title_fails(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        del metadata["{http://www.aiim.org/pdfua/ns/id/}part"]
    only("PDF/UA identifier", pdf)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        del metadata["dc:title"]
    assert "dc:title in the XMP" in failing(pdf)
    del pdf.Root["/Metadata"]
    assert "XMP metadata in the catalog" in failing(pdf)


def test_untagged_or_suspect_documents_fail(pdf):
    pdf.Root.MarkInfo.Suspects = True
    only("/Suspects", pdf)
    pdf.Root.MarkInfo.Marked = False
    assert "tagged: /MarkInfo /Marked true" in failing(pdf)


def test_a_figure_without_alt_text_fails(pdf):
    figure = _element(pdf, "Figure")
    del figure["/Alt"]
    only("every Figure has alt text", pdf)


def test_a_skipped_heading_level_fails(pdf):
    _element(pdf, "H3").S = pikepdf.Name.H4
    only("headings start at H1", pdf)


def test_header_cells_without_scope_or_headers_fail(pdf):
    cell = _element(pdf, "TD")
    cell.A.Headers.append(pikepdf.String("no-such-id"))
    only("every /Headers names a TH", pdf)
    for element in structure_elements(pdf):
        if element.role == "TD":
            del element.node.A["/Headers"]
    only("every TH cell has a /Scope or is named in /Headers", pdf)
    _element(pdf, "TH").A.Scope = pikepdf.Name.Column
    only("every TH cell has a /Scope or is named in /Headers", pdf)


def test_a_table_without_header_cells_fails(pdf):
    for element in structure_elements(pdf):
        if element.role == "TH":
            element.node.S = pikepdf.Name.TD
    assert "every table has TH cells" in failing(pdf)


def test_misnested_tables_and_lists_and_unknown_types_fail(pdf):
    _element(pdf, "TR").S = pikepdf.Name.P
    assert "tables nested as ISO 32000-1 table 337 says" in failing(pdf)
    _element(pdf, "LI").S = pikepdf.Name.Span
    assert "lists nested as ISO 32000-1 table 336 says" in failing(pdf)
    _element(pdf, "Caption").S = pikepdf.Name.Chart
    assert "every structure type standard or role-mapped" in failing(pdf)


def test_a_role_map_to_a_standard_type_passes(pdf):
    _element(pdf, "Caption").S = pikepdf.Name.Chart
    pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(Chart=pikepdf.Name.Caption)
    assert failing(pdf) == []


def test_fonts_without_unicode_maps_or_not_embedded_fail(pdf):
    font = next(iter(pdf.pages[0].Resources.Font.values()))
    del font["/ToUnicode"]
    only("/ToUnicode", pdf)
    del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
    assert "every font embedded" in failing(pdf)


def test_annotations_without_tab_order_fail(pdf):
    page = pdf.pages[0]
    page.obj.Annots = pdf.make_indirect(
        pikepdf.Array([pikepdf.Dictionary(Subtype=pikepdf.Name.Text)])
    )
    del page.obj["/Tabs"]
    only("/Tabs /S", pdf)


def test_encryption_that_shuts_out_screen_readers_fails(pdf):
    target = io.BytesIO()
    permissions = pikepdf.Permissions(accessibility=False, extract=False)
    pdf.save(
        target,
        encryption=pikepdf.Encryption(
            owner="o", user="", R=3, aes=False, metadata=False, allow=permissions
        ),
    )
    with pikepdf.open(io.BytesIO(target.getvalue())) as encrypted:
        only("no encryption", encrypted)


def _element(pdf, role: str) -> pikepdf.Dictionary:
    return next(e.node for e in structure_elements(pdf) if e.role == role)
