"""DeskStretch app layer."""
