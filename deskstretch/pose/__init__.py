"""DeskStretch pose layer."""
