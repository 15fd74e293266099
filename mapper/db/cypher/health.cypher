// name: neo4j_version
// The Neo4j server's version and edition.
CALL dbms.components() YIELD name, versions, edition
RETURN versions[0] AS version, edition

// name: graph_counts
// How many nodes and relationships the database holds (from the count store: instant).
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships

// name: delete_everything
// Empties the database in batches (tests and `mapper restore --force` only).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
