"""The interactive page graph.html: entities and relations drawn with vis-network, offline.

pyvis 0.3.2's own template links bootstrap and tom-select from a CDN even with in-line
resources, and its write_html fails under an ASCII locale. So the page is our own small
template (package files beside this module: page.html, page.css, page.js; class colours in
colours.json) around the vis-network build that pyvis ships (JS and CSS inlined), written as
UTF-8 through atomic_write. Article text only reaches the page inside one JSON block whose
`<`, `>` and `&` are escaped, and the script puts it in the DOM as text (textContent), never
as HTML. Nodes, edges and keys are sorted, so the same graph gives a byte-identical page.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from kg.analyse.analytics import Analytics
from kg.analyse.entity_graph import COARSE_CLASSES, EntityGraph
from kg.io import atomic_write
from kg.wording import counted

VIS_VERSION = "vis-9.1.2"
LARGE_GRAPH = 300  # nodes; above it, the physics and drawing settings of LARGE_OPTIONS apply
LAYOUT_SEED = 6

# vis-network options: a small graph settles with barnesHut; a large one (2,000 nodes) with
# forceAtlas2Based, no smooth edges and no "improved layout" pass (quadratic in node count).
# Either way physics is switched off once stabilisation ends, so the layout stops moving.
SMALL_OPTIONS = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": True},
    "physics": {
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -4000,
            "centralGravity": 0.25,
            "springLength": 160,
            "springConstant": 0.04,
            "damping": 0.3,
            "avoidOverlap": 0.5,
        },
        "minVelocity": 0.75,
        "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
    },
    "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
}
LARGE_OPTIONS = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -40,
            "centralGravity": 0.01,
            "springLength": 60,
            "springConstant": 0.08,
            "damping": 0.6,
            "avoidOverlap": 0,
            "theta": 0.9,  # coarser Barnes-Hut approximation: each step about twice as fast
        },
        "minVelocity": 1.5,
        # 2,000 nodes / 3,000 edges: 150 steps settle in about 10 s in headless chromium (bench/html_layout.py)
        "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 50, "fit": True},
    },
    "edges": {"smooth": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "keyboard": False},
}


# Where each part goes in page.html: one pass, so that inserted text is never searched for placeholders.
PLACEHOLDERS = re.compile(r"/\*(VIS-STYLE|KG-STYLE|KG-DATA|VIS-SCRIPT|KG-SCRIPT)\*/")


@cache
def page_file(name: str) -> str:
    """One of the page's package files (page.html, page.css, page.js, colours.json), read once."""
    return resources.files("kg.render").joinpath(name).read_text(encoding="utf-8")


@cache
def class_colours() -> dict[str, str]:
    """Colour per class (most specific first), from colours.json."""
    return {k: v for k, v in json.loads(page_file("colours.json")).items() if not k.startswith("_")}


class RenderError(RuntimeError):
    """The page cannot be made (vis-network missing from the pyvis install)."""


TOP_LABELS = 15  # the labels of this many most central entities are always drawn at a readable size
DROPPED_SHOWN = 200  # relations left out by --top listed on the page


@dataclass(frozen=True)
class PageSummary:
    nodes: int
    edges: int
    entities: int  # in the graph, before --top
    relations: int = 0  # in the graph, before --top
    isolated: int = 0  # drawn entities without a drawn relation (hidden until the reader asks for them)


def vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS that pyvis ships, to be inlined."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / VIS_VERSION
    try:
        script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        style = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as error:
        raise RenderError(f"{folder}: vis-network files not found in the pyvis install ({error})") from error
    if "</script" in script.lower() or "</style" in style.lower():
        raise RenderError(f"{folder}: vis-network files cannot be inlined (they close their own tag)")
    return script, style


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # json.dumps's, kept


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `</script>`, no `<!--`, no HTML entity.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = _ENCODER.encode(value)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def script_json_parts(value: dict, batch: int = 256) -> Iterator[str]:
    """script_json(value) in pieces, the same text once joined: each entry of the dict, and the items of a list it
    holds batch at a time, made by the same (C) encoder, so that no text of the whole value is ever held.

    >>> value = {"b": [{"x": "</script>"}, 2, [3]], "a": "é&", "c": []}
    >>> "".join(script_json_parts(value, batch=2)) == script_json(value)
    True
    """
    yield "{"
    for number, key in enumerate(sorted(value)):
        item = value[key]
        yield ("," if number else "") + script_json(key) + ":"
        if type(item) is list:
            yield "["
            for start in range(0, len(item), batch):  # a list's text is its items' texts joined by ","
                yield ("," if start else "") + script_json(item[start : start + batch])[1:-1]
            yield "]"
        else:
            yield script_json(item)
    yield "}"


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre")


@lru_cache(maxsize=4096)
def display_date(date: str) -> str:
    """A kgo:date as shown in a timeline: ISO forms as they are, a month-day without year in words.

    >>> display_date("2021-02-03"), display_date("2021-02"), display_date("--03-12"), display_date("")
    ('2021-02-03', '2021-02', '12 mars', '')
    """
    if date.startswith("--") and len(date) == 7 and date[2:4].isdigit() and date[5:7].isdigit():
        month, day = int(date[2:4]), int(date[5:7])
        if 1 <= month <= 12:
            return f"{day} {MONTHS[month - 1]}"
    return date


def class_colour(kind: str, coarse: str) -> str:
    """The class's own colour, else its coarse class's.

    >>> class_colour("Court", "Organization"), class_colour("Tribunal", "Organization")
    ('#7b4173', '#9c755f')
    """
    colours = class_colours()
    return colours.get(kind) or colours.get(coarse, "#97c2fc")


def drawing_order(entity_graph: EntityGraph, analytics: Analytics) -> list[str]:
    """Entities most central first, those with a relation before those without (they carry no fact)."""
    linked = {r.source for r in entity_graph.relations} | {r.target for r in entity_graph.relations}
    ranking = [iri for iri in analytics.ranking if iri in entity_graph.entities]
    return [iri for iri in ranking if iri in linked] + [iri for iri in ranking if iri not in linked]


def kept_entities(entity_graph: EntityGraph, analytics: Analytics, top: int) -> list[str]:
    """The entities drawn: all, or the `top` most central ones (entities with a relation first); in IRI order."""
    if 0 < top < len(entity_graph.entities):
        return sorted(drawing_order(entity_graph, analytics)[:top])
    return list(entity_graph.entities)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # characters JavaScript counts as two


def _utf16(text: str, index: int) -> int:
    """A Python string index as a JavaScript one (UTF-16 code units)."""
    if _ASTRAL.search(text, 0, index) is None:
        return index
    return len(text[:index].encode("utf-16-le")) // 2


@lru_cache(maxsize=1 << 16)
def _name_pattern(name: str) -> re.Pattern:
    """A name as a whole word, any case (compiled once: re's own cache holds only 512 patterns)."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


# Characters for which re.IGNORECASE matching is exactly equality of str.lower(), one character each
# (Latin, general punctuation, currency), checked against re over every code point. Out of it: the
# dotted and dotless i and the long s, which re matches with i and s. A name or sentence with any other
# character (Greek sigma, which str.lower() lowers by context; the Kelvin sign; astral characters) goes
# through _name_pattern, so the marks are the same either way.
_UNFOLDED = re.compile("[^\x00-\u012f\u0132-\u017e\u0180-\u024f\u2000-\u206f\u20a0-\u20cf]")


@lru_cache(maxsize=1 << 16)
def _folded_name(name: str) -> str | None:
    """The name lower-cased, or None when plain lower-casing would not match as re.IGNORECASE does."""
    return None if _UNFOLDED.search(name) else name.lower()


def _is_word(text: str, index: int) -> bool:
    """Whether text[index] exists and is what re calls \\w (a letter, digit or underscore)."""
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _name_spans(sentence: str, folded: str | None, name: str) -> list[tuple[int, int]]:
    """The name's whole-word matches, left to right and not overlapping, as _name_pattern finds them.

    A str.find over the lower-cased sentence: compiling one regex per name was most of the page's time.
    """
    key = _folded_name(name) if folded is not None else None
    if key is None:
        return [match.span() for match in _name_pattern(name).finditer(sentence)]
    spans = []
    start = folded.find(key)
    while start >= 0:
        end = start + len(key)
        if _is_word(sentence, start - 1) or _is_word(sentence, end):
            start = folded.find(key, start + 1)
        else:
            spans.append((start, end))
            start = folded.find(key, end)
    return spans


def name_marks(sentence: str, names: list[str]) -> list[list[int]]:
    """Where the names of a fact's ends stand in its sentence: merged [start, end) spans, in JavaScript indices.

    >>> name_marks("La MPAA poursuit LokiTorrent (MPAAX).", ["MPAA", "lokitorrent"])
    [[3, 7], [17, 28]]
    """
    folded = None if _UNFOLDED.search(sentence) else sentence.lower()
    spans: list[tuple[int, int]] = []
    for name in {n for n in names if len(n.strip()) > 1}:
        spans.extend(_name_spans(sentence, folded, name))
    return merged_marks(sentence, spans)


def merged_marks(sentence: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Overlapping or touching [start, end) spans merged, in JavaScript (UTF-16) indices.

    >>> merged_marks("abcdef", [(3, 5), (0, 2), (1, 3)])
    [[0, 5]]
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if _ASTRAL.search(sentence) is None:  # most sentences: Python's indices are JavaScript's, found in one search
        return merged
    return [[_utf16(sentence, a), _utf16(sentence, b)] for a, b in merged]


def article_link(url: str) -> str:
    """The article's URL when it is a web address a link may carry, else "".

    >>> article_link("https://www.numerama.com/x"), article_link("javascript:alert(1)"), article_link("x")
    ('https://www.numerama.com/x', '', '')
    """
    return url if re.match(r"https?://[^\s]+$", url, re.IGNORECASE) else ""


def _year(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None


def _node_size(pagerank: float, low: float, high: float) -> float:
    """8 to 40 pixels; square root so that a few hubs do not dwarf everything."""
    if high <= low:
        return 16.0
    return round(8 + 32 * math.sqrt((pagerank - low) / (high - low)), 2)


def page_data(entity_graph: EntityGraph, analytics: Analytics, top: int = 0) -> dict:
    """Everything the page shows, as plain JSON-ready data (nodes, edges, legend, filters, options)."""
    kept = kept_entities(entity_graph, analytics, top)
    kept_set = set(kept)
    relations = [r for r in entity_graph.relations if r.source in kept_set and r.target in kept_set]
    linked = {r.source for r in relations} | {r.target for r in relations}
    order = {iri: rank for rank, iri in enumerate(i for i in drawing_order(entity_graph, analytics) if i in kept_set)}
    ranks = [analytics.centrality[iri].pagerank for iri in kept]
    low, high = (min(ranks), max(ranks)) if ranks else (0.0, 0.0)
    labels = entity_graph.class_labels
    nodes = []
    for iri in kept:
        entity, scores = entity_graph.entities[iri], analytics.centrality[iri]
        community = analytics.community_of[iri]
        colour = class_colour(entity.kind, entity.coarse)
        nodes.append(
            {
                "id": iri,
                "label": entity.label,
                "names": list(entity.names),
                "kind": entity.kind,
                "kindLabel": labels.get(entity.kind, entity.kind),
                "color": {"background": colour, "border": "#333333", "highlight": {"background": colour}},
                "size": _node_size(scores.pagerank, low, high),
                "rank": order[iri],
                "isolated": iri not in linked,
                "degree": f"{scores.degree:.3f}",
                "betweenness": f"{scores.betweenness:.3f}",
                "pagerank": f"{scores.pagerank:.4f}",
                "community": community,
                "communitySize": len(analytics.communities[community - 1]),
                "timeline": [
                    {
                        "date": display_date(t.date),
                        "dateText": t.date_text,
                        "event": labels.get(t.kind, t.kind),
                        "role": t.role,
                        "other": t.other,
                    }
                    for t in entity_graph.timelines.get(iri, ())
                ],
            }
        )
    parallel: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        parallel[tuple(sorted((relation.source, relation.target)))].append(index)
    entities = entity_graph.entities
    edges = []
    for index, relation in enumerate(relations):
        names = [entities[relation.source].label, *entities[relation.source].names]
        names += [entities[relation.target].label, *entities[relation.target].names]
        evidence = [
            {
                "sentence": e.sentence,
                "marks": name_marks(e.sentence, names),
                "article": e.article,
                "headline": e.headline,
                "href": article_link(e.url),
                "file": e.source_file,
                "date": display_date(e.date),
                "year": _year(e.date),
                "confidence": e.confidence,
            }
            for e in entity_graph.evidence.get(relation, ())
        ]
        edge = {
            "id": f"e{index}",
            "from": relation.source,
            "to": relation.target,
            "predicate": relation.predicate,
            "label": entity_graph.predicate_labels[relation.predicate],
            "arrows": "to",
            "years": sorted({v["year"] for v in evidence if v["year"] is not None}),
            "evidence": evidence,
        }
        siblings = parallel[tuple(sorted((relation.source, relation.target)))]
        if len(siblings) > 1:  # several relations between one pair: fan them out instead of drawing one on another
            roundness = round(0.15 + 0.2 * siblings.index(index), 2)
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
        edges.append(edge)
    coarse_of = {entity_graph.entities[iri].kind: entity_graph.entities[iri].coarse for iri in kept}
    legend = [
        {
            "kind": kind,
            "label": labels.get(kind, kind),
            "color": class_colour(kind, coarse_of[kind]),
            "count": sum(1 for n in nodes if n["kind"] == kind),
        }
        for kind in sorted(coarse_of, key=lambda k: (COARSE_CLASSES.index(coarse_of[k]), k))
    ]
    relation_legend = [
        {"predicate": name, "label": entity_graph.predicate_labels[name], "count": count}
        for name, count in sorted(Counter(e["predicate"] for e in edges).items())
    ]
    dropped = [r for r in entity_graph.relations if r.source not in kept_set or r.target not in kept_set]
    predicate_labels = entity_graph.predicate_labels
    options = LARGE_OPTIONS if len(nodes) > LARGE_GRAPH else SMALL_OPTIONS
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "relations": relation_legend,
        "years": sorted({year for e in edges for year in e["years"]}),
        "undated": sum(1 for e in edges if not e["years"]),
        "topLabels": TOP_LABELS,
        "dropped": {
            "entities": len(entity_graph.entities) - len(nodes),
            "relations": len(dropped),
            "shown": [
                " — ".join((entities[r.source].label, predicate_labels[r.predicate], entities[r.target].label))
                for r in dropped[:DROPPED_SHOWN]
            ],
        },
        "options": options,
        "entities": len(entity_graph.entities),
        "large": len(nodes) > LARGE_GRAPH,
    }


def render_html(entity_graph: EntityGraph, analytics: Analytics, top: int = 0) -> tuple[str, PageSummary]:
    data = page_data(entity_graph, analytics, top)
    buffer = io.BytesIO()
    _write_html(buffer, data)
    return buffer.getvalue().decode("utf-8"), _summary(entity_graph, data)


def _summary(entity_graph: EntityGraph, data: dict) -> PageSummary:
    return PageSummary(
        len(data["nodes"]),
        len(data["edges"]),
        data["entities"],
        len(entity_graph.relations),
        sum(1 for n in data["nodes"] if n["isolated"]),
    )


def _write_html(handle: BinaryIO, data: dict) -> None:
    """page.html with its placeholders filled, written as it is made: the data's JSON a piece at a time (the
    whole text, the page holding it and their UTF-8 bytes were three copies of the data beside it: at 10,000
    articles the page is some 75 MB, made in the analytics worker while the build checks its graph)."""
    script, style = vis_assets()
    parts = {"VIS-STYLE": style, "KG-STYLE": page_file("page.css"), "VIS-SCRIPT": script,
             "KG-SCRIPT": page_file("page.js")}
    template, at = page_file("page.html"), 0
    for match in PLACEHOLDERS.finditer(template):
        handle.write(template[at : match.start()].encode())
        if match.group(1) == "KG-DATA":
            batch: list[str] = []
            for piece in script_json_parts(data):
                batch.append(piece)
                if len(batch) >= 512:
                    handle.write("".join(batch).encode())
                    batch = []
            handle.write("".join(batch).encode())
        else:
            handle.write(parts[match.group(1)].encode())
        at = match.end()
    handle.write(template[at:].encode())


def write_page(entity_graph: EntityGraph, analytics: Analytics, path: Path, top: int = 0) -> PageSummary:
    """Render the page and write it atomically as UTF-8, whatever the locale."""
    data = page_data(entity_graph, analytics, top)
    atomic_write(path, lambda handle: _write_html(handle, data))
    return _summary(entity_graph, data)


def page_note(summary: PageSummary) -> str:
    """The build's line about graph.html: what it draws, what --top left out, what waits behind the toggle."""
    note = f"graph.html: {counted(summary.nodes, 'entity', 'entities')}"
    if summary.nodes < summary.entities:
        note += f" (top {summary.nodes} of {summary.entities})"
    note += f", {counted(summary.edges, 'relation')}"
    if summary.nodes < summary.entities:
        entities = counted(summary.entities - summary.nodes, "entity", "entities")
        note += f"; left out {entities} and {counted(summary.relations - summary.edges, 'relation')}"
    if summary.isolated:
        note += f"; {summary.isolated} without a relation, hidden until asked for"
    return note
