"""The offline bundle (`make bundle`, deploy/bundle.py) installs into a fresh virtual environment with the
package index switched off, and the installed guihua works.

Building the bundle needs the package index (it downloads every dependency's wheels), installing it
must not: pip runs with PIP_NO_INDEX=1 and no configuration file, so nothing but the bundle's wheels/
is there to install from. Takes a minute or two; runs when GUIHUA_TEST_BUNDLE=1 (set by .ci/run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not os.environ.get("GUIHUA_TEST_BUNDLE"),
                       reason="builds the offline bundle from the package index: set GUIHUA_TEST_BUNDLE=1 (CI does)"),
]


def _run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=1200)
    assert r.returncode == 0, f"{cmd}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r.stdout


def test_the_linux_bundle_installs_without_an_index(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    _run([sys.executable, str(ROOT / "deploy" / "bundle.py"), "--out", str(bundle), "--platform", "linux",
          "--python", python])
    assert (bundle / "install.sh").is_file() and (bundle / "deploy.md").is_file()
    wheels = sorted(p.name for p in (bundle / "wheels").glob("*.whl"))
    assert any(w.startswith("guihua-") for w in wheels) and any(w.startswith("jieba-") for w in wheels)
    assert "jieba" in (bundle / "CONTENTS.txt").read_text(encoding="utf-8")

    offline = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PIP_NO_INDEX": "1",
               "PIP_CONFIG_FILE": os.devnull, "PYTHON": sys.executable, "LANG": "C.UTF-8"}
    venv = tmp_path / "venv"
    out = _run(["sh", str(bundle / "install.sh"), str(venv)], env=offline, cwd=tmp_path)
    assert "安装完成" in out
    assert _run([str(venv / "bin" / "guihua"), "--version"], env=offline, cwd=tmp_path).strip() == "guihua 0.1.0"
    # the installed package carries its data: extraction lexicons, word dictionary, migrations
    db = tmp_path / "g.db"
    out = _run([str(venv / "bin" / "guihua"), "ingest", str(ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"),
                "--plan", "hengyang-13th", "--db", str(db)], env=offline, cwd=tmp_path)
    assert "已存为第 1 版" in out
    where = _run([str(venv / "bin" / "python"), "-c", "import guihua; print(guihua.__file__)"], env=offline,
                 cwd=tmp_path)
    assert where.startswith(str(venv))  # the bundle's guihua, not this checkout
