"""Widgets, dialogs and table models. Never speaks HTTP; reaches data only through services."""
