"""Schematic tile maps of a region's county-level units (maps/<region>.tsv), for offline maps."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAPS_DIR = Path(__file__).resolve().parent / "maps"


@dataclass(frozen=True)
class Tile:
    name: str  # the county-level unit, as in the gazetteer
    row: int
    col: int
    label: str


@lru_cache(maxsize=8)
def tiles(region: str = "hengyang") -> tuple[Tile, ...]:
    """The region's tiles (empty when no map file exists for it)."""
    path = MAPS_DIR / f"{region}.tsv"
    if not path.is_file():
        return ()
    out: list[Tile] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, row, col, *rest = line.split("\t")
        out.append(Tile(name.strip(), int(row), int(col), (rest[0].strip() if rest else name.strip())))
    return tuple(out)


def region_of(counties: list[str]) -> str | None:
    """The map whose tiles cover most of the given county-level units; None when none covers any
    (a plan of a region without a map shows no map of another region)."""
    best, hits = None, 0
    for f in sorted(MAPS_DIR.glob("*.tsv")):
        names = {t.name for t in tiles(f.stem)}
        n = sum(1 for c in counties if c in names)
        if n > hits:
            best, hits = f.stem, n
    return best
