# Breaks the seeds' store in four ways, each a violation of exactly one
# constraint of ontology/shapes.ttl (tests/shacl.rs, tests/python/test_shacl.py):
#   1. task 999 of 000_3484524b0a9dfb8d (a grouped-table document) has no eg:lead;
#   2. department 市测试局 of 南通市 has no org:classification;
#   3. target 1 of that document has its eg:value typed xsd:string;
#   4. target 10 of that document has the eg:comparator ">", outside the list.

PREFIX eg: <https://w3id.org/eldergraph/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT DATA {
  GRAPH <https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d> {
    <https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d/task/999> a eg:Task ;
      eg:document <https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d> ;
      dcterms:isPartOf <https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d> ;
      eg:city <https://w3id.org/eldergraph/id/city/南通市> ;
      eg:position 999 ;
      eg:label "999" ;
      eg:text "一项没有牵头部门的任务。"@zh ;
      eg:participant <https://w3id.org/eldergraph/id/department/南通市/市民政局> ;
      prov:wasDerivedFrom <https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d/task/999/source> .
    <https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d/task/999/source> a eg:SourceSpan ;
      dcterms:isPartOf <https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d> ;
      eg:fileName "000_3484524b0a9dfb8d.txt" ;
      eg:firstLine 1 ;
      eg:lastLine 1 ;
      eg:excerpt "一项没有牵头部门的任务。"@zh .
  }
  GRAPH <https://w3id.org/eldergraph/graph/city/南通市> {
    <https://w3id.org/eldergraph/id/department/南通市/市测试局> a eg:Department, org:FormalOrganization ;
      rdfs:label "市测试局"@zh ;
      skos:prefLabel "市测试局"@zh ;
      eg:city <https://w3id.org/eldergraph/id/city/南通市> .
  }
} ;

DELETE { GRAPH ?g { ?target eg:value ?value } }
INSERT { GRAPH ?g { ?target eg:value ?text } }
WHERE {
  BIND (<https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d/target/1> AS ?target)
  GRAPH ?g { ?target eg:value ?value }
  BIND (STRDT(STR(?value), xsd:string) AS ?text)
} ;

DELETE { GRAPH ?g { ?target eg:comparator ?comparator } }
INSERT { GRAPH ?g { ?target eg:comparator ">" } }
WHERE {
  BIND (<https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d/target/10> AS ?target)
  GRAPH ?g { ?target eg:comparator ?comparator }
}
