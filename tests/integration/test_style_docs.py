"""Target extraction on short documents in other plan styles keeps a modest quality floor."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
STYLES = ROOT / "tests" / "data" / "styles"
SCORER = ROOT / "tests" / "data" / "eval" / "score_targets.py"
DOCS = sorted(STYLES.glob("*.txt"))


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_styles", ROOT / "benchmarks" / "bench_styles.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("doc", DOCS, ids=[d.stem for d in DOCS])
def test_style_document_found_f1_floor(doc: Path) -> None:
    result = _bench().score(doc)
    assert result["found_f1"] >= 0.8, result
    assert result["exact_f1"] >= 0.6, result
