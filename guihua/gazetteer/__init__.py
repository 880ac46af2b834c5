"""Gazetteers: the places of a region (county-level units, towns, parks), kept as data files.

Each file in `data/` holds one region (`hengyang.tsv`: name, kind, county, short forms). Another
region is added by adding its file; `gazetteer()` reads them all (or one region by name).
`find_places(text)` gives the places a text names, longest first and without overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
KINDS = ("city", "county", "town", "park", "water")


@dataclass(frozen=True)
class Place:
    name: str  # official name ("衡南县")
    kind: str  # city | county | town | park
    county: str  # the county-level unit it belongs to (itself for a county)
    region: str  # the data file's stem ("hengyang")


@dataclass(frozen=True)
class PlaceMention:
    surface: str  # as written ("衡南")
    place: Place
    start: int
    end: int


class Gazetteer:
    def __init__(self, places: list[Place], forms: dict[str, Place]) -> None:
        self.places = places
        self.forms = forms  # surface form -> place (official names and short forms)
        self._longest = max((len(f) for f in forms), default=0)

    def lookup(self, surface: str) -> Place | None:
        return self.forms.get(surface)

    def counties(self) -> list[Place]:
        return [p for p in self.places if p.kind == "county"]

    def find(self, text: str) -> list[PlaceMention]:
        """Places named in `text`, scanning left to right, longest form first, no overlaps."""
        out: list[PlaceMention] = []
        i = 0
        while i < len(text):
            for n in range(min(self._longest, len(text) - i), 1, -1):
                place = self.forms.get(text[i:i + n])
                if place is not None:
                    out.append(PlaceMention(text[i:i + n], place, i, i + n))
                    i += n
                    break
            else:
                i += 1
        return out

    def prefix(self, text: str) -> PlaceMention | None:
        """The longest place form `text` starts with."""
        for n in range(min(self._longest, len(text)), 1, -1):
            place = self.forms.get(text[:n])
            if place is not None:
                return PlaceMention(text[:n], place, 0, n)
        return None


def _parse(path: Path) -> list[tuple[Place, list[str]]]:
    rows: list[tuple[Place, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 3 or cols[1] not in KINDS:
            raise ValueError(f"{path}: bad gazetteer line: {line!r}")
        shorts = [s.strip() for s in cols[3].split(",")] if len(cols) > 3 and cols[3] else []
        rows.append((Place(cols[0], cols[1], cols[2], path.stem), shorts))
    return rows


@lru_cache(maxsize=8)
def gazetteer(region: str | None = None) -> Gazetteer:
    """All regions' places (or one region's, by file stem)."""
    files = sorted(DATA_DIR.glob("*.tsv"))
    if region is not None:
        files = [f for f in files if f.stem == region]
    places: list[Place] = []
    forms: dict[str, Place] = {}
    for f in files:
        for place, shorts in _parse(f):
            places.append(place)
            for s in [place.name, *shorts]:
                forms.setdefault(s, place)
    return Gazetteer(places, forms)


def find_places(text: str, region: str | None = None) -> list[PlaceMention]:
    return gazetteer(region).find(text)


def place_names(text: str, region: str | None = None) -> tuple[list[str], list[str]]:
    """(places as written, county-level units) named in `text`.

    A county followed by one of its towns is one place as written ("常宁柏坊"); rivers and the city
    itself are not places of a project; parks count for their county.
    """
    written: list[str] = []
    counties: list[str] = []
    last: PlaceMention | None = None
    for m in find_places(text, region):
        if m.place.kind in ("county", "town", "park") and m.place.county not in counties:
            counties.append(m.place.county)
        if m.place.kind not in ("county", "town"):
            last = None
            continue
        if (last is not None and last.end == m.start and last.place.kind == "county"
                and m.place.kind == "town" and m.place.county == last.place.name):
            written[-1] += m.surface
        elif m.surface not in written:
            written.append(m.surface)
        last = m
    return written, counties


def regions() -> list[str]:
    """The regions that have a gazetteer (data file stems)."""
    return [f.stem for f in sorted(DATA_DIR.glob("*.tsv"))]


def region_named(text: str) -> str | None:
    """The region whose city or county-level unit `text` names first by its official name (a plan's
    title: "衡阳市国民经济和社会发展…" -> "hengyang"), else None."""
    best: tuple[int, str] | None = None
    for stem in regions():
        for p in gazetteer(stem).places:
            if p.kind not in ("city", "county"):
                continue
            i = text.find(p.name)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, stem)
    return best[1] if best else None


def region_for(region: str | None) -> str | None:
    """The gazetteer of a plan's region as the user wrote it ("衡阳市", "衡阳", "hengyang"), else None."""
    if not region:
        return None
    if region in regions():
        return region
    for stem in regions():
        place = gazetteer(stem).lookup(region.strip())
        if place is not None and place.kind in ("city", "county"):
            return stem
    return region_named(region)
