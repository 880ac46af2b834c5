# guihua 离线安装（Windows amd64）：不访问网络，只用本文件夹 wheels\ 中的安装包。
#   powershell -ExecutionPolicy Bypass -File install.ps1 [-Target C:\guihua] [-Python "py -3.12"]
param(
    [string]$Target = "C:\guihua",
    [string]$Python = "py -3"
)
$ErrorActionPreference = "Stop"
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$exe, $pyArgs = $Python -split " ", 2
if (-not $pyArgs) { $pyArgs = @() } else { $pyArgs = @($pyArgs) }

& $exe @pyArgs -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
if ($LASTEXITCODE -ne 0) { Write-Error "guihua 需要 Python 3.11 或更新版本（64 位）；可用 -Python 指定解释器" }

Write-Host "在 $Target 建立虚拟环境……"
& $exe @pyArgs -m venv $Target
if ($LASTEXITCODE -ne 0) { Write-Error "建立虚拟环境失败" }
Write-Host "从 $Here\wheels 安装（不联网）……"
$env:PIP_NO_INDEX = "1"
& "$Target\Scripts\python.exe" -m pip install --no-index --find-links "$Here\wheels" --disable-pip-version-check --quiet guihua
if ($LASTEXITCODE -ne 0) { Write-Error "安装失败" }
& "$Target\Scripts\guihua.exe" --version
Write-Host "安装完成。命令：$Target\Scripts\guihua.exe；下一步（建管理员、作为服务运行）见 deploy.md。"
