"""deploy/bundle.py follows requirements with the TARGET's environment markers (pip, run on Linux, reads
them for Linux): a Windows-only dependency is missing for Windows until its wheel is there, a wheel for
another platform does not count, and a requested extra brings its dependencies."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("guihua_bundle", ROOT / "deploy" / "bundle.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["guihua_bundle"] = module
    spec.loader.exec_module(module)
    return module


def _wheel(folder: Path, name: str, version: str, tag: str, requires: list[str]) -> Path:
    path = folder / f"{name}-{version}-{tag}.whl"
    meta = "Metadata-Version: 2.1\nName: {}\nVersion: {}\n{}".format(
        name, version, "".join(f"Requires-Dist: {r}\n" for r in requires))
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}-{version}.dist-info/METADATA", meta)
    return path


def test_closure_reads_markers_for_the_target(bundle: ModuleType, tmp_path: Path) -> None:
    from packaging.requirements import Requirement

    _wheel(tmp_path, "app", "1.0", "py3-none-any", ['db[binary]>=3', 'winonly; sys_platform == "win32"',
                                                     'new; python_version >= "3.13"'])
    _wheel(tmp_path, "db", "3.1", "py3-none-any", ['db_binary==3.1; extra == "binary"', 'tz; os_name == "nt"'])
    _wheel(tmp_path, "db_binary", "3.1", "cp312-cp312-manylinux_2_17_x86_64", [])
    linux, windows = bundle.Target("linux", "3.12"), bundle.Target("windows", "3.12")
    root = Requirement("app==1.0")
    used, missing = bundle._closure(root, bundle._wheels(tmp_path), linux)
    assert sorted(w.name for w in used) == ["app", "db", "db-binary"] and missing == []
    used, missing = bundle._closure(root, bundle._wheels(tmp_path), windows)
    assert sorted(r.name for r in missing) == ["db_binary", "tz", "winonly"]  # the Linux wheel does not count
    _wheel(tmp_path, "db_binary", "3.1", "cp312-cp312-win_amd64", [])
    _wheel(tmp_path, "winonly", "2.0", "py3-none-any", [])
    _wheel(tmp_path, "tz", "2024.1", "py2.py3-none-any", [])
    assert bundle._closure(root, bundle._wheels(tmp_path), windows)[1] == []
    missing = bundle._closure(root, bundle._wheels(tmp_path), bundle.Target("linux", "3.13"))[1]
    assert sorted(r.name for r in missing) == ["db_binary", "new"]  # and the cp312 wheel is no use on 3.13
