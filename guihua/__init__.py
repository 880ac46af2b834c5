"""guihua (规划): turn a Chinese five-year plan outline into a living, measured plan."""

__version__ = "0.1.0"
