"""Reading JSON-LD into an rdflib Graph without rdflib's own deprecation warning.

rdflib 7's JSON-LD parser, given a plain Graph, wraps it in a ConjunctiveGraph — the
class rdflib itself deprecates — so every parse warned "ConjunctiveGraph is deprecated,
use Dataset instead" (RDFLib/rdflib#3064; fixed upstream by #3495, not yet released),
and a Dataset sink warns about `Dataset.default_context` instead. The parser only needs
a context-aware sink with a default graph, which `_DefaultGraphSink` is: the triples of
the document's default graph land in the Graph itself.
"""

from __future__ import annotations

from rdflib import Graph


class _DefaultGraphSink(Graph):
    """A Graph the JSON-LD parser treats as context-aware: its default graph is itself;
    a named graph of the document goes into a Graph over the same store."""

    def __init__(self):
        super().__init__()
        self.context_aware = True          # Graph.__init__ sets it False

    @property
    def default_context(self) -> Graph:
        return self

    def get_context(self, identifier, quoted: bool = False, base=None) -> Graph:
        return Graph(store=self.store, identifier=identifier, base=base)


def parse_jsonld(text: str) -> Graph:
    """The triples of a JSON-LD document's default graph."""
    graph = _DefaultGraphSink()
    graph.parse(data=text, format="json-ld")
    return graph
