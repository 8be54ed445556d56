"""DeskStretch core layer."""
