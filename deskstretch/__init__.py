"""DeskStretch: a light system-tray break reminder that animates a guided stretch."""

__version__ = "0.1.0"
APP_NAME = "DeskStretch"
APP_ID = "deskstretch"
