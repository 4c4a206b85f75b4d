"""The SPARQL 1.1 Service Description: GET /query without a query."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import RDF

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")


@pytest.mark.parametrize(
    "accept, rdf_format",
    [(None, "turtle"), ("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/n-triples", "nt")],
)
def test_service_description_parses_and_names_the_endpoint(server, accept, rdf_format):
    r = server.get("query", accept=accept)
    assert r.status == 200, r.text
    graph = rdflib.Graph().parse(data=r.text, format=rdf_format)
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    assert list(graph.objects(service, SD.endpoint)) == [rdflib.URIRef(server.query_url)]
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_CSV, FORMATS.Turtle} <= formats
