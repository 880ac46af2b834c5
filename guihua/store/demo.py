"""The bundled demo database: the Hengyang 13th five-year plan and real published statistics.

`build_demo_database(url)` is what `make demo`, the web demo and the tests use, so the demo cannot
rot: it ingests data/hengyang-13th-fyp/plan.txt as plan `hengyang-13th` and imports
data/hengyang-13th-fyp/actuals.csv through mapping.csv (sources in SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

from guihua.store.actuals import ImportSummary, import_actuals
from guihua.store.ingest import ingest_path
from guihua.store.records import IngestResult
from guihua.store.repository import open_store

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "hengyang-13th-fyp"
PLAN_ID = "hengyang-13th"
TITLE = "衡阳市国民经济和社会发展第十三个五年规划纲要"
REGION = "衡阳市"
PERIOD = (2016, 2020)
USER = "demo"


def demo_paths(data_dir: Path = DATA_DIR) -> dict[str, Path]:
    return {"plan": data_dir / "plan.txt", "actuals": data_dir / "actuals.csv", "mapping": data_dir / "mapping.csv"}


def build_demo(url: str | None, data_dir: Path = DATA_DIR) -> tuple[IngestResult, ImportSummary | None]:
    """Build (or bring up to date) the demo database; returns what was ingested and imported.

    Run again on the same database, it changes nothing: the plan file is the same and the actual
    values are imported only into a plan that has none yet.
    """
    paths = demo_paths(data_dir)
    store = open_store(url)
    try:
        ingested = ingest_path(store, paths["plan"], plan_id=PLAN_ID, title=TITLE, region=REGION, period=PERIOD,
                               user=USER)
        imported = None
        if not store.list_observations(plan_id=PLAN_ID):
            imported = import_actuals(store, PLAN_ID, paths["actuals"], mapping=paths["mapping"], user=USER)
        return ingested, imported
    finally:
        store.dispose()


def build_demo_database(url: str | None) -> None:
    """Build the demo database at `url` (a SQLAlchemy URL or a SQLite path)."""
    build_demo(url)
