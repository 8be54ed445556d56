"""DeskStretch ui layer."""
