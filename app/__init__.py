"""Veiligwijzer: the meldcode, the kindcheck and phased safety plans for Dutch
neighbourhood teams, offline and encrypted."""

__version__ = "0.1.0"
