"""The chart module (``hecht/charts.py``): inline-safe, accessible, deterministic SVG with
its data table, the template component and rendering into a PDF."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from hecht import charts, pdf
from hecht.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english():
    """Table texts compared in English (the source strings)."""
    with translation.override("en"):
        yield


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (our own chart, built by the test)


def _bars(**overrides):
    arguments = {
        "key": "test-bars",
        "title": "Op tijd <geleverd> & meer",
        "description": "Aandeel per kwartaal <b>vet</b>",
        "category_header": "Kwartaal",
        "categories": ["K1 2024", "K2 2024", "K3 $x$"],
        "series": [
            Series("AB", (0.5, None, 1.0)),
            Series("DB & BAO", (0.25, 0.75, 0.0), ("1 van 4", "3 van 4", "0 van 2")),
        ],
    }
    return bar_chart(**{**arguments, **overrides})


def _lines(**overrides):
    arguments = {
        "key": "test-lines",
        "title": "Opkomst",
        "description": "Aanwezige leden",
        "category_header": "Kwartaal",
        "categories": ["K1", "K2", "K3", "K4"],
        "series": [Series("AB", (0.9, None, 0.8, 0.7)), Series("BAO", (0.5, 0.6, 0.7, 0.8))],
    }
    return line_chart(**{**arguments, **overrides})


@pytest.mark.parametrize("make", [_bars, _lines])
def test_the_svg_has_no_style_element_no_style_attribute_no_script_and_no_metadata(make):
    chart = make()
    root = _parse(chart.svg)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"style", "script", "metadata", "foreignObject"}
    assert not [element for element in root.iter() if "style" in element.attrib]
    assert "style=" not in chart.svg and "<style" not in chart.svg


@pytest.mark.parametrize("make", [_bars, _lines])
def test_the_svg_refers_to_nothing_outside_itself(make):
    chart = make()
    root = _parse(chart.svg)
    ids = {element.attrib["id"] for element in root.iter() if "id" in element.attrib}
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith("#") and value[1:] in ids
            for target in re.findall(r"url\(#([^)]+)\)", value):
                assert target in ids
            assert "http:" not in value.replace("http://www.w3.org", "")


def test_the_svg_is_named_and_described_by_its_own_title_and_desc():
    chart = _bars()
    root = _parse(chart.svg)
    assert root.attrib["role"] == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.attrib["aria-labelledby"] == title.attrib["id"] == "chart-test-bars-title"
    assert root.attrib["aria-describedby"] == desc.attrib["id"] == "chart-test-bars-desc"
    assert title.text == "Op tijd <geleverd> & meer"
    assert desc.text == "Aandeel per kwartaal <b>vet</b>"


def test_titles_and_labels_are_escaped_not_markup():
    chart = _bars()
    assert "Op tijd &lt;geleverd&gt; &amp; meer" in chart.svg
    assert "<b>" not in chart.svg and "<geleverd>" not in chart.svg
    html = render_to_string("components/chart.html", {"chart": chart})
    assert "<geleverd>" not in html and "&lt;geleverd&gt;" in html
    assert "<b>vet" not in html


def test_every_id_carries_the_chart_key_so_two_charts_on_a_page_never_clash():
    first, second = _bars(key="one"), _bars(key="two")
    ids_of = [
        {e.attrib["id"] for e in _parse(chart.svg).iter() if "id" in e.attrib}
        for chart in (first, second)
    ]
    assert all(i.startswith("chart-one") for i in ids_of[0])
    assert not ids_of[0] & ids_of[1]


def test_the_same_data_gives_the_same_bytes():
    assert _bars().svg == _bars().svg
    assert _lines().svg == _lines().svg
    assert _bars().svg != _bars(series=[Series("AB", (0.5, 0.5, 0.5))]).svg


def test_text_stays_text_in_an_available_font_family():
    root = _parse(_bars().svg)
    texts = [e for e in root.iter(f"{SVG}text")]
    assert texts, "svg.fonttype none keeps labels as <text>"
    assert all("DejaVu Sans" in e.attrib["font-family"] for e in texts)
    assert all(e.attrib["font-family"].endswith("sans-serif") for e in texts)
    assert "K3 $x$" in ET.tostring(root, encoding="unicode"), "a dollar is not mathtext"


def test_the_size_is_in_the_viewbox_so_the_chart_scales():
    root = _parse(_lines().svg)
    assert root.attrib["width"] == "100%"
    assert "height" not in root.attrib
    assert len(root.attrib["viewBox"].split()) == 4


def _contrast(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_series_colours_contrast_three_to_one_against_white_and_differ_in_more_than_colour():
    assert all(_contrast(colour) >= 3 for colour in charts.COLOURS)
    assert _contrast(charts.AXIS_COLOUR) >= 4.5
    assert len(set(charts.HATCHES[:3])) == 3 and len(set(charts.MARKERS[:3])) == 3
    markup = str(_bars().svg)
    assert "<pattern" in markup, "the second series is hatched"
    assert "75%" in markup, "bars carry their value as a label"


def test_the_table_has_the_headers_and_formatted_values_and_no_data_is_not_zero():
    chart = _bars()
    assert chart.headers == ("Kwartaal", "AB", "DB & BAO")
    assert chart.rows == (
        ("K1 2024", "50%", "1 van 4"),
        ("K2 2024", "no data", "3 van 4"),
        ("K3 $x$", "100%", "0 van 2"),
    )


def test_the_component_is_a_figure_with_caption_and_a_table_with_caption_and_scopes():
    html = render_to_string("components/chart.html", {"chart": _bars()})
    assert html.count("<figure") == 1 and "<figcaption" in html
    assert 'aria-labelledby="chart-test-bars-caption"' in html
    assert "<details" in html and "<caption" in html
    assert html.count('scope="col"') == 3 and html.count('scope="row"') == 3
    assert "style=" not in html.replace('aria-labelledby="', "")
    assert "open" not in re.search(r"<details[^>]*>", html).group()
    opened = render_to_string("components/chart.html", {"chart": _bars(), "open": True})
    assert re.search(r"<details[^>]* open>", opened)


def test_the_chart_and_its_table_render_into_a_pdf_through_hecht_pdf():
    document = pdf.render_document(
        "pdf/quickwins_report.html",
        {"rows": [], "report_steps": [], "generated_at": "1 juli 2024", "pdf_title": "T"},
        title="T",
    )
    assert len(document.pages) == 1
    chart = _lines(title="Opkomst BAO")
    figure = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block body %}'
        '{% include "components/chart.html" with chart=chart open=True %}{% endblock %}'
    )
    data = _pdf(figure.render({"chart": chart, "pdf_static": pdf.PDF_STATIC}))
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Opkomst BAO" in text and "no data" in text, "caption and data table"


def test_the_svg_alone_is_drawn_by_weasyprint_with_its_text():
    svg_only = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block body %}{{ chart.svg }}{% endblock %}'
    )
    data = _pdf(svg_only.render({"chart": _lines(), "pdf_static": pdf.PDF_STATIC}))
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "K4" in text and "BAO" in text and "75%" in text, "ticks and legend as text"


def _pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=pdf.PDF_ORIGIN + "/", url_fetcher=pdf._fetcher())
    return document.write_pdf(pdf_tags=True)


def test_the_svg_keeps_its_own_default_namespace_whatever_else_registers_one():
    """ElementTree's prefixes are process-wide: a module that registers its own default
    namespace (the Woo sitemap did) turned the charts into ``ns0:svg``, which no browser
    draws inline."""
    ET.register_namespace("", "http://www.sitemaps.org/schemas/sitemap/0.9")
    markup = str(_bars().svg)
    assert markup.startswith("<svg ") and "ns0:" not in markup
    assert 'xmlns="http://www.w3.org/2000/svg"' in markup


def _capacity(**overrides):
    """The reserves dashboard's chart: capacity in euros against the policy's band."""
    arguments = {
        "key": "test-capacity",
        "title": "Weerstandscapaciteit",
        "description": "Beschikbare weerstandscapaciteit per jaar, werkelijk en prognose",
        "category_header": "Jaar",
        "categories": ["2021", "2022", "2023", "2024"],
        "series": [
            Series("Werkelijk", (4_100_000.0, 3_400_000.0, None, None)),
            Series("Prognose", (None, 3_400_000.0, 2_650_000.0, 3_100_000.0)),
        ],
        "value_format": charts.millions,
        "y_max": 8_000_000.0,
        "band": charts.Band(3_000_000.0, 6_000_000.0, "Bandbreedte reservenota"),
    }
    return line_chart(**{**arguments, **overrides})


def test_a_band_is_shaded_named_in_the_legend_and_said_in_the_note():
    with translation.override("nl"):
        chart = _capacity()
    markup = str(chart.svg)
    assert "Bandbreedte reservenota" in markup, "the legend names the band"
    assert "<pattern" in markup, "the band is hatched, not only tinted"
    assert "stroke-dasharray" in markup, "its edges are dashed lines"
    assert chart.note == "Bandbreedte reservenota: van € 3,0 mln tot € 6,0 mln"
    html = render_to_string("components/chart.html", {"chart": chart})
    assert chart.note in html
    assert "style=" not in markup and "<style" not in markup


def test_a_chart_without_a_band_has_no_note():
    assert _lines().note == ""
    assert _bars().note == ""


def test_millions_are_written_in_the_active_language():
    with translation.override("nl"):
        assert charts.millions(3_000_000) == "€ 3,0 mln"
    with translation.override("en"):
        assert charts.millions(2_600_000) == "€ 2.6 mln"


def test_a_band_upside_down_is_refused():
    with pytest.raises(ValueError, match="high end"):
        charts.Band(6.0, 3.0, "x")
