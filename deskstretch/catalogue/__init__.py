"""DeskStretch catalogue layer."""
