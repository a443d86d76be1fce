"""Server-rendered charts: the one chart module of the application (quick wins, reserves,
dialogue). A chart is drawn with matplotlib's object API (``Figure`` and the SVG canvas,
never pyplot, so it is safe in threads) and returned as a frozen ``Chart``: its title, a
description, the data table (headers and rows of formatted values) and the SVG markup,
which ``templates/components/chart.html`` shows inline in a ``<figure>`` with the table.

The SVG is made fit for inline use in a page and in a WeasyPrint PDF:

- accessible: ``role="img"``, a ``<title>`` and ``<desc>`` with unique ids referenced by
  ``aria-labelledby`` and ``aria-describedby``; the data table is the text alternative;
- CSP-safe (``style-src 'self'``): matplotlib's ``<style>`` element and every ``style``
  attribute become SVG presentation attributes; no script, no metadata, no reference
  outside the SVG (only ``#id`` references, each id prefixed with the chart's key so two
  charts on one page never share an id);
- deterministic: a fixed ``svg.hashsalt``, no date or creator metadata;
- text as text (``svg.fonttype = "none"``) in ``FONT_FAMILY``, which every browser and
  the PDF renderer have (DejaVu Sans is what matplotlib measures with);
- series told apart by more than colour: bars carry hatch patterns and value labels,
  lines carry markers and dash patterns, and a legend names them; the colours have a
  contrast of at least 3:1 against white (WCAG 1.4.11);
- scalable: the size is the ``viewBox`` with ``width="100%"`` (reflows down to 320 px).

Values are shares (0..1) unless another ``value_format`` is given; ``None`` is "no data"
(no bar, a gap in the line, "no data" in the table), which is not 0.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import matplotlib
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Process-wide constants, set once at import and never changed (so no per-call global
# state: rc_context would change rcParams for every thread at once).
matplotlib.rcParams.update(
    {
        "svg.hashsalt": "hecht-charts",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "hatch.linewidth": 1.0,
    }
)

FONT_FAMILY = "'DejaVu Sans', 'Noto Sans', Verdana, Arial, sans-serif"
# At least 3:1 against white (WCAG 1.4.11), and apart from each other in lightness.
COLOURS = ("#1f4e79", "#b34700", "#2e6b30", "#6a1b9a", "#5c5c5c")
HATCHES = ("", "//", "..", "xx", "\\\\")
MARKERS = ("o", "s", "^", "D", "v")
LINESTYLES = ("-", "--", "-.", ":", "-")
AXIS_COLOUR = "#4a5558"  # 7:1 against white
TEXT_COLOUR = "#1a1a1a"
BAND_COLOUR = "#e6f1f4"  # the accent's subtle tint: a background, not information

# Properties of matplotlib's style attributes that are SVG presentation attributes.
_PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "clip-path",
    "visibility",
    "display",
    "color",
}
_FONT_SHORTHAND = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|normal|\d{3})\s+)?"
    r"(?P<size>[\d.]+px)\s+(?P<family>.+)$"
)


def percent(value: float) -> str:
    """A share as a whole percentage ("75%")."""
    return f"{round(value * 100)}%"


def millions(value: float) -> str:
    """An amount in millions of euros with one decimal, in the active language's format
    ("€ 3,0 mln")."""
    return str(_("€ %(amount)s mln") % {"amount": number_format(value / 1_000_000, 1)})


@dataclass(frozen=True)
class Series:
    """One named series of values (one per category; None is "no data"), with the text
    shown in the table for each (``labels``; by default the chart's ``value_format``)."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Band:
    """A range of values shaded behind a line chart (e.g. the reserve policy's band of
    the resistance capacity), named in the legend and in the chart's note."""

    low: float
    high: float
    label: str

    def __post_init__(self) -> None:
        if self.high < self.low:
            raise ValueError("a band's high end cannot be below its low end")


@dataclass(frozen=True)
class Chart:
    """A rendered chart: what ``components/chart.html`` shows. ``note`` says in words
    what the picture shows besides the table (a shaded band)."""

    key: str
    title: str
    description: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    svg: SafeString
    note: str = ""

    @property
    def title_id(self) -> str:
        return f"{self.key}-title"


def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    category_header: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_format: Callable[[float], str] = percent,
    y_max: float | None = 1.0,
) -> Chart:
    """Grouped vertical bars: one group per category, one bar per series (hatched per
    series, its value written above it)."""
    figure, axes = _figure()
    count = max(len(series), 1)
    width = 0.8 / count
    positions = list(range(len(categories)))
    for index, one in enumerate(series):
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        kept = [(x, v) for x, v in zip(offsets, one.values, strict=True) if v is not None]
        bars = axes.bar(
            [x for x, _v in kept],
            [v for _x, v in kept],
            width=width * 0.92,
            color="white" if HATCHES[index % len(HATCHES)] else _colour(index),
            edgecolor=_colour(index),
            hatch=HATCHES[index % len(HATCHES)],
            linewidth=1.2,
            label=_plain(one.name),
        )
        axes.bar_label(
            bars,
            labels=[_plain(value_format(v)) for _x, v in kept],
            padding=2,
            fontsize=8,
            color=TEXT_COLOUR,
        )
    _ticks(axes, positions, categories)
    _finish(axes, value_format, y_max, show_legend=len(series) > 1)
    return _chart(
        key, title, description, category_header, categories, series, value_format, figure
    )


def line_chart(
    *,
    key: str,
    title: str,
    description: str,
    category_header: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_format: Callable[[float], str] = percent,
    y_max: float | None = 1.0,
    band: Band | None = None,
) -> Chart:
    """Lines over the categories (periods), one per series, each with its own marker and
    dash pattern; a missing value breaks the line. A ``band`` is shaded behind the lines
    (hatched, edged by dashed lines, so not by colour alone) and said in the note."""
    figure, axes = _figure()
    positions = list(range(len(categories)))
    if band is not None:
        axes.axhspan(
            band.low,
            band.high,
            facecolor=BAND_COLOUR,
            edgecolor=AXIS_COLOUR,
            hatch="..",
            linewidth=0,
            label=_plain(band.label),
            zorder=0,
        )
        for edge in (band.low, band.high):
            axes.axhline(edge, color=AXIS_COLOUR, linestyle=(0, (4, 3)), linewidth=1, zorder=1)
    for index, one in enumerate(series):
        axes.plot(
            positions,
            [math.nan if v is None else v for v in one.values],
            color=_colour(index),
            marker=MARKERS[index % len(MARKERS)],
            linestyle=LINESTYLES[index % len(LINESTYLES)],
            linewidth=2,
            markersize=6,
            label=_plain(one.name),
        )
    _ticks(axes, positions, categories)
    if categories:
        axes.set_xlim(-0.5, len(categories) - 0.5)
    _finish(axes, value_format, y_max, show_legend=True)
    chart = _chart(
        key, title, description, category_header, categories, series, value_format, figure
    )
    if band is None:
        return chart
    note = _("%(label)s: from %(low)s to %(high)s") % {
        "label": band.label,
        "low": value_format(band.low),
        "high": value_format(band.high),
    }
    return replace(chart, note=str(note))


# --- drawing --------------------------------------------------------------------------


def _colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def _plain(text: str) -> str:
    """``text`` as matplotlib draws it literally: a ``$`` would start mathtext."""
    return str(text).replace("$", r"\$")


def _figure():
    figure = Figure(figsize=(6.4, 3.2), dpi=72, layout="constrained")
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    return figure, axes


def _ticks(axes, positions: list[int], categories: Sequence[str]) -> None:
    """Category labels under the axis, slanted when there are many."""
    crowded = len(categories) > 5
    axes.set_xticks(
        positions,
        [_plain(c) for c in categories],
        rotation=35 if crowded else 0,
        ha="right" if crowded else "center",
        rotation_mode="anchor",
    )


def _finish(axes, value_format, y_max: float | None, *, show_legend: bool) -> None:
    axes.set_ylim(0, y_max * 1.12 if y_max is not None else None)
    if y_max is not None:
        axes.set_yticks([y_max * step / 4 for step in range(5)])
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _plain(value_format(value))))
    axes.grid(axis="y", color="#d0d4d6", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(AXIS_COLOUR)
    axes.tick_params(colors=AXIS_COLOUR, labelcolor=TEXT_COLOUR, labelsize=9)
    if show_legend and axes.get_legend_handles_labels()[0]:
        axes.legend(
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize=9,
            labelcolor=TEXT_COLOUR,
            handlelength=3,
        )


def _chart(key, title, description, category_header, categories, series, value_format, figure):
    key = _safe_key(key)
    buffer = io.StringIO()
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    rows = []
    for position, category in enumerate(categories):
        row = [str(category)]
        for one in series:
            value = one.values[position]
            if one.labels is not None:
                row.append(one.labels[position])
            else:
                row.append(_("no data") if value is None else value_format(value))
        rows.append(tuple(row))
    return Chart(
        key=key,
        title=str(title),
        description=str(description),
        headers=(str(category_header), *(str(one.name) for one in series)),
        rows=tuple(rows),
        svg=mark_safe(clean_svg(buffer.getvalue(), key=key, title=title, description=description)),  # noqa: S308 (built by ElementTree: escaped)
    )


def _safe_key(key: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-")
    return f"chart-{cleaned or 'x'}"


# --- making the SVG fit for inline use ------------------------------------------------


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _style_to_attributes(style: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for declaration in style.split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not name or not value:
            continue
        if name == "font":
            match = _FONT_SHORTHAND.match(value)
            if match:
                attributes["font-size"] = match["size"]
                if match["style"]:
                    attributes["font-style"] = match["style"]
                if match["weight"]:
                    attributes["font-weight"] = match["weight"]
            continue
        if name in _PRESENTATION:
            attributes[name] = value
    return attributes


def clean_svg(markup: str, *, key: str, title: str, description: str) -> str:
    """matplotlib's SVG made inline-safe (see the module docstring): presentation
    attributes instead of styles, no metadata, ids prefixed with ``key``, the size in the
    viewBox, and the accessible name and description."""
    root = ET.fromstring(markup)  # noqa: S314 (our own matplotlib output, not user input)
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        if _tag(element) in {"style", "metadata", "script", "foreignObject"}:
            parents[element].remove(element)
    ids: dict[str, str] = {}
    for element in root.iter():
        if "id" in element.attrib:
            ids[element.attrib["id"]] = f"{key}-{element.attrib['id']}"
    reference = re.compile(r"url\(#([^)]+)\)")
    href_keys = ("href", f"{{{XLINK_NS}}}href")
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _style_to_attributes(style).items():
                element.set(name, value)
        if _tag(element) == "text" or "font-size" in element.attrib:
            element.set("font-family", FONT_FAMILY)
        if "id" in element.attrib:
            element.set("id", ids[element.attrib["id"]])
        for name, value in list(element.attrib.items()):
            if name in href_keys:
                if not value.startswith("#") or value[1:] not in ids:
                    del element.attrib[name]  # nothing outside the SVG
                else:
                    element.set(name, "#" + ids[value[1:]])
            elif "url(" in value:
                element.set(name, reference.sub(lambda m: f"url(#{ids.get(m[1], m[1])})", value))
    # matplotlib's <style> held only these defaults.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.attrib.pop("height", None)
    root.set("width", "100%")
    root.set("id", key)
    root.set("role", "img")
    root.set("class", "hecht-chart__svg")
    root.set("aria-labelledby", f"{key}-title")
    root.set("aria-describedby", f"{key}-desc")
    root.attrib.pop("version", None)
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{key}-title"})
    title_element.text = str(title)
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{key}-desc"})
    desc_element.text = str(description)
    root.insert(0, desc_element)
    root.insert(0, title_element)
    return _serialise(root)


def _serialise(root: ET.Element) -> str:
    """The tree as markup without ElementTree's namespace prefixes: its prefix registry
    is process-wide (another module registering a default namespace, as the Woo sitemap
    does, would turn the chart into ``ns0:svg``, which no browser draws inline), so the
    names are written plainly and the namespaces declared on the root."""
    for element in root.iter():
        if element.tag.startswith(f"{{{SVG_NS}}}"):
            element.tag = element.tag[len(SVG_NS) + 2 :]
        for name in [name for name in element.attrib if name.startswith("{")]:
            value = element.attrib.pop(name)
            if name == f"{{{XLINK_NS}}}href":
                element.set("xlink:href", value)
    root.set("xmlns", SVG_NS)
    if any("xlink:href" in element.attrib for element in root.iter()):
        root.set("xmlns:xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)
