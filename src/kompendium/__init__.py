"""Kompendium kemiskinan kota: rebuilds Nata (2024) from raw BPS and Susenas data."""

__version__ = "0.1.0"
