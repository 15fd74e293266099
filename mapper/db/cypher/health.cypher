// name: neo4j_version
// The Neo4j server's version and edition.
CALL dbms.components() YIELD name, versions, edition
RETURN versions[0] AS version, edition

// name: graph_counts
// How many nodes and relationships the database holds (bookkeeping: the write generation and the
// trend's stored months, aside).
CALL () { MATCH (n) WHERE NOT (n:WriteGeneration OR n:TrendMonth) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships

// name: delete_everything
// Empties the database in batches (tests and `mapper restore --force` only).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

// name: advance_generation
// The write generation: advanced in the transaction of every write that changes the graph's data,
// and its naming part too when ($names) the write may change how a person is named or shown.
// Its epoch is made when the node is created, so an emptied database never repeats a generation.
// generation: kept
MERGE (g:WriteGeneration {id: 'graph'})
  ON CREATE SET g.epoch = randomUUID(), g.value = 0, g.names = 0
SET g.value = g.value + 1, g.names = g.names + CASE WHEN $names THEN 1 ELSE 0 END
RETURN g.epoch + ':' + toString(g.value) + ':' + toString(g.names) AS generation

// name: write_generation
// The write generation now, as epoch:writes:names ('none' before the first write).
OPTIONAL MATCH (g:WriteGeneration {id: 'graph'})
RETURN CASE WHEN g IS NULL THEN 'none'
            ELSE g.epoch + ':' + toString(g.value) + ':' + toString(g.names) END AS generation
