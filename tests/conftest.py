"""Fixtures shared by every tier."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_raw() -> str:
    return SEED.read_text(encoding="utf-8")
