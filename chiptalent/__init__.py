"""chiptalent: knowledge engineering for the Nationaal Versterkingsplan Microchip-talent.

The public API is re-exported lazily here so that `import chiptalent` stays cheap (the
command line must start fast; rdflib, owlready2 and Flask load only when needed).
"""

__version__ = "0.1.0"
