"""sharewiz: write lawful, citable UK data sharing documents from plain answers."""

__version__ = "0.1.0"
