"""`make bundle`: a folder to install guihua on machines without internet access (Linux x86_64, Windows amd64).

    python deploy/bundle.py [--out dist/bundle] [--platform linux,windows] [--python 3.11,3.12,3.13]

The folder holds wheels/ (guihua's wheel and a wheel of every dependency, for each platform and
Python version asked for), install.sh (Linux), install.ps1 and install.bat (Windows), the example
service and proxy files of deploy/, docs/deploy.md and a list of what is inside (CONTENTS.txt).

How the wheels are found, with pip itself (`pip download --platform ... --python-version ...
--only-binary=:all:`, from the package index this machine's pip is set up with):
1. guihua's own wheel is built (`pip wheel . --no-deps`).
2. A dependency published without any wheel (jieba: source only) is built into a wheel here, and only
   when that wheel is pure Python (py3-none-any), so it installs on both platforms.
3. pip resolves the dependencies for each target. pip evaluates environment markers (sys_platform ==
   "win32", python_version >= "3.13") for the machine it runs on, not the target, so the set is then
   completed: every wheel's requirements are evaluated with the target's markers and what is missing
   (tzdata, which psycopg needs on Windows only, when nothing else brings it) is downloaded too, until
   nothing is.
4. The result is checked: every requirement of guihua, followed through the wheels, is met for each
   target by a wheel whose tags that target accepts. Otherwise the script fails and says what lacks.
Linux wheels are manylinux up to glibc 2.28 (Debian 10+, Ubuntu 20.04+, RHEL/CentOS 8+, Kylin V10).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
GLIBC_MINOR = 28  # manylinux_2_28 and older


@dataclass(frozen=True)
class Target:
    name: str  # "linux" / "windows"
    python: str  # "3.12"

    @property
    def platform_tags(self) -> list[str]:
        """The platform tags the target accepts (pip does not widen manylinux_2_28 to older glibc itself)."""
        if self.name == "windows":
            return ["win_amd64"]
        tags = [f"manylinux_2_{m}_x86_64" for m in range(GLIBC_MINOR, 4, -1)]
        return tags + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]

    @property
    def markers(self) -> dict[str, str]:
        linux = self.name == "linux"
        return {"sys_platform": "linux" if linux else "win32", "platform_system": "Linux" if linux else "Windows",
                "os_name": "posix" if linux else "nt", "platform_machine": "x86_64" if linux else "AMD64",
                "python_version": self.python, "python_full_version": f"{self.python}.0",
                "implementation_name": "cpython", "platform_python_implementation": "CPython",
                "platform_release": "", "platform_version": "", "implementation_version": f"{self.python}.0"}

    def tags(self) -> set[Tag]:
        v = tuple(int(x) for x in self.python.split("."))
        return set(cpython_tags(v, platforms=self.platform_tags)) | set(
            compatible_tags(v, interpreter=f"cp{v[0]}{v[1]}", platforms=self.platform_tags))

    def __str__(self) -> str:
        return f"{self.name} / Python {self.python}"


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str  # canonical
    version: Version
    tags: frozenset[Tag]
    requires: tuple[str, ...]


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pip", *args, "--disable-pip-version-check"],
                          capture_output=True, text=True)


def _read_wheel(path: Path) -> Wheel:
    name, version, _, tags = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        msg = Parser().parsestr(zf.read(meta).decode("utf-8"))
    return Wheel(path, canonicalize_name(name), version, frozenset(tags), tuple(msg.get_all("Requires-Dist") or ()))


def _wheels(folder: Path) -> list[Wheel]:
    return [_read_wheel(p) for p in sorted(folder.glob("*.whl"))]


def _applies(req: Requirement, target: Target, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    env = dict(target.markers)
    return any(req.marker.evaluate({**env, "extra": e}) for e in (extras or {""}))


def _closure(root: Requirement, wheels: list[Wheel], target: Target) -> tuple[list[Wheel], list[Requirement]]:
    """Follow `root` through the wheels for `target`: (wheels used, requirements no wheel meets)."""
    by_name: dict[str, list[Wheel]] = {}
    for w in wheels:
        if w.tags & target.tags():
            by_name.setdefault(w.name, []).append(w)
    used: dict[str, Wheel] = {}
    missing: list[Requirement] = []
    queue: list[tuple[Requirement, set[str]]] = [(root, set(root.extras))]
    seen: set[tuple[str, str, frozenset[str]]] = set()
    while queue:
        req, extras = queue.pop()
        key = (canonicalize_name(req.name), str(req.specifier), frozenset(extras))
        if key in seen:
            continue
        seen.add(key)
        cands = [w for w in by_name.get(canonicalize_name(req.name), [])
                 if req.specifier.contains(w.version, prereleases=True)]
        if not cands:
            missing.append(req)
            continue
        w = used.get(canonicalize_name(req.name)) or max(cands, key=lambda c: c.version)
        if not req.specifier.contains(w.version, prereleases=True):
            missing.append(req)
            continue
        used[w.name] = w
        for text in w.requires:
            sub = Requirement(text)
            if _applies(sub, target, extras):
                queue.append((sub, set(sub.extras)))
    return list(used.values()), missing


def _build_pure_wheel(spec: str, dest: Path, log: list[str]) -> None:
    """A wheel built from the sdist of `spec`; refused unless pure Python (installable everywhere)."""
    with tempfile.TemporaryDirectory() as tmp:
        r = _pip("wheel", spec, "--no-deps", "--no-binary", ":all:", "-w", tmp)
        if r.returncode != 0:
            raise SystemExit(f"bundle: 无法从源码包构建 {spec}：\n{r.stderr[-2000:]}")
        for p in Path(tmp).glob("*.whl"):
            tags = parse_wheel_filename(p.name)[3]
            if not any(t.abi == "none" and t.platform == "any" for t in tags):
                raise SystemExit(f"bundle: {spec} 没有发布 wheel，且源码构建出的 {p.name} 不是纯 Python，"
                                 "无法为其他平台准备；请在目标平台上构建后放入 wheels/")
            shutil.copy(p, dest / p.name)
            log.append(f"{p.name}：PyPI 上只有源码包，已在本机构建为纯 Python wheel（两个平台通用）")


def _download(spec: str, target: Target, dest: Path, local: Path, deps: bool) -> subprocess.CompletedProcess[str]:
    args = ["download", spec, "--dest", str(dest), "--only-binary=:all:", "--python-version", target.python,
            "--implementation", "cp", "--find-links", str(local), "-q"]
    for p in target.platform_tags:
        args += ["--platform", p]
    if not deps:
        args.append("--no-deps")
    return _pip(*args)


_NO_MATCH = re.compile(r"No matching distribution found for ([A-Za-z0-9_.\-\[\]]+)")


def build(out: Path, targets: list[Target]) -> list[str]:
    """Fill `out` (wheels/ and the install files); returns notes on the packages that needed care."""
    wheels = out / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    r = _pip("wheel", str(ROOT), "--no-deps", "-w", str(wheels))
    if r.returncode != 0:
        raise SystemExit(f"bundle: 构建 guihua 的 wheel 失败：\n{r.stderr[-2000:]}")
    guihua = next(w for w in _wheels(wheels) if w.name == "guihua")
    root = Requirement(f"guihua=={guihua.version}")
    for target in targets:
        for _ in range(20):  # pip resolves; sdist-only packages are built and the download retried
            r = _download(str(guihua.path), target, wheels, wheels, deps=True)
            if r.returncode == 0:
                break
            m = _NO_MATCH.search(r.stderr)
            if not m:
                raise SystemExit(f"bundle: pip download 失败（{target}）：\n{r.stderr[-3000:]}")
            name = m.group(1)
            spec = next((q for q in guihua.requires if canonicalize_name(Requirement(q).name) ==
                         canonicalize_name(Requirement(name).name)), name)
            _build_pure_wheel(str(Requirement(spec)).split(";")[0], wheels, notes)
        else:
            raise SystemExit(f"bundle: {target} 的依赖解析未能完成")
        for _ in range(20):  # requirements pip skipped because their markers were read for this machine
            _, missing = _closure(root, _wheels(wheels), target)
            if not missing:
                break
            for req in missing:
                spec = f"{req.name}{req.specifier}"
                r = _download(spec, target, wheels, wheels, deps=False)
                if r.returncode != 0:
                    raise SystemExit(f"bundle: {target} 缺少 {spec} 的 wheel：\n{r.stderr[-2000:]}")
                notes.append(f"{spec}：{target} 需要（其标记按目标平台判断），pip 按本机判断时未下载，已补齐")
        else:
            raise SystemExit(f"bundle: {target} 的依赖仍不完整：{', '.join(map(str, missing))}")
    _install_files(out)
    _contents(out, root, targets, notes)
    return notes


def _install_files(out: Path) -> None:
    for name in ("install.sh", "install.ps1", "install.bat", "guihua.service", "nginx-guihua.conf"):
        shutil.copy(ROOT / "deploy" / name, out / name)
    (out / "install.sh").chmod(0o755)
    shutil.copy(ROOT / "docs" / "deploy.md", out / "deploy.md")


def _contents(out: Path, root: Requirement, targets: list[Target], notes: list[str]) -> None:
    lines = ["guihua 离线安装包", "", "安装：Linux 运行 sh install.sh；Windows 运行 install.bat（或 install.ps1）。详见 deploy.md。", ""]
    all_wheels = _wheels(out / "wheels")
    for target in targets:
        used, missing = _closure(root, all_wheels, target)
        if missing:
            raise SystemExit(f"bundle: {target} 缺少：{', '.join(map(str, missing))}")
        lines.append(f"[{target}] {len(used)} 个包")
        lines += [f"  {w.name} {w.version}  {w.path.name}" for w in sorted(used, key=lambda w: w.name)]
        lines.append("")
    if notes:
        lines.append("需要特别处理的包：")
        lines += [f"  {n}" for n in dict.fromkeys(notes)]
    (out / "CONTENTS.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="guihua 离线安装包（Linux x86_64 与 Windows amd64）")
    ap.add_argument("--out", default=str(ROOT / "dist" / "bundle"), help="输出目录（默认 dist/bundle）")
    ap.add_argument("--platform", default="linux,windows", help="linux、windows，逗号分隔（默认两者）")
    ap.add_argument("--python", default="3.11,3.12,3.13", help="目标 Python 版本，逗号分隔（默认 3.11,3.12,3.13）")
    args = ap.parse_args(argv)
    platforms = [p.strip() for p in args.platform.split(",") if p.strip()]
    if any(p not in ("linux", "windows") for p in platforms):
        ap.error("--platform 只能是 linux、windows")
    pythons = [v.strip() for v in args.python.split(",") if v.strip()]
    if any(not re.fullmatch(r"3\.(1[1-9])", v) for v in pythons):
        ap.error("--python 应为 3.11 及以上的版本，如 3.11,3.12")
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    notes = build(out, [Target(p, v) for p in platforms for v in pythons])
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"已写出 {out}（{len(list((out / 'wheels').glob('*.whl')))} 个 wheel，共 {size / 1e6:.0f} MB）；清单见 CONTENTS.txt")
    for n in dict.fromkeys(notes):
        print(f"  {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
