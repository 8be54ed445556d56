"""DeskStretch platform layer."""
