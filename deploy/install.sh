#!/bin/sh
# guihua 离线安装（Linux x86_64）：不访问网络，只用本文件夹 wheels/ 中的安装包。
#   sh install.sh [安装目录]          默认 /opt/guihua；PYTHON=/usr/bin/python3.12 sh install.sh 指定 Python
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TARGET=${1:-/opt/guihua}
PYTHON=${PYTHON:-python3}

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "guihua 需要 Python 3.11 或更新版本（当前：$("$PYTHON" --version 2>&1 || echo 未找到 "$PYTHON")）" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "Python 缺少 venv/ensurepip 模块（Debian/Ubuntu 请先安装 python3-venv）" >&2
  exit 1
fi

echo "在 $TARGET 建立虚拟环境……"
"$PYTHON" -m venv "$TARGET"
echo "从 $HERE/wheels 安装（不联网）……"
PIP_NO_INDEX=1 "$TARGET/bin/python" -m pip install --no-index --find-links "$HERE/wheels" \
  --disable-pip-version-check --quiet guihua
"$TARGET/bin/guihua" --version
echo "安装完成。命令：$TARGET/bin/guihua；下一步（建管理员、作为服务运行）见 deploy.md。"
