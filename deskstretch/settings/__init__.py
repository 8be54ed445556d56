"""DeskStretch settings layer."""
