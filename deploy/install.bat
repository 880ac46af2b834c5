@echo off
chcp 65001 >nul
rem guihua 离线安装（Windows amd64）：双击或在命令行运行 install.bat [安装目录]
setlocal
set "TARGET=%~1"
if "%TARGET%"=="" set "TARGET=C:\guihua"
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0install.ps1" -Target "%TARGET%"
if errorlevel 1 (
  echo 安装失败，请查看上面的提示。
  exit /b 1
)
endlocal
