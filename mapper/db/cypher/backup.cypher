// name: backup_extent
// How many nodes and relationships there are, and the highest internal id of each: the backup walks
// the id ranges a page at a time (ids are dense in Neo4j's record format). The write generation and
// the trend's stored months are the database's own bookkeeping, not data: neither backed up nor restored.
CALL () { MATCH (n) WHERE NOT (n:WriteGeneration OR n:TrendMonth) RETURN count(n) AS nodes, coalesce(max(id(n)), -1) AS max_node }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, coalesce(max(id(r)), -1) AS max_relationship }
RETURN nodes, max_node, relationships, max_relationship

// name: backup_node_page
// The nodes whose internal id lies in [$first, $last] (one id seek each), as one record of parallel
// lists: a record per node costs far more to send and to read than the values themselves.
MATCH (n) WHERE id(n) IN range($first, $last) AND NOT (n:WriteGeneration OR n:TrendMonth)
RETURN collect(id(n)) AS keys, collect(labels(n)) AS labels, collect(properties(n)) AS props

// name: backup_relationship_page
// The relationships whose internal id lies in [$first, $last], with their endpoints' internal ids,
// as one record of parallel lists.
MATCH ()-[r]->() WHERE id(r) IN range($first, $last)
RETURN collect(id(r)) AS keys, collect(type(r)) AS types, collect(id(startNode(r))) AS starts,
       collect(id(endNode(r))) AS ends, collect(properties(r)) AS props

// name: backup_node_count
// Whether the database holds anything (a restore refuses a non-empty database unless forced).
MATCH (n) WHERE NOT (n:WriteGeneration OR n:TrendMonth) RETURN count(n) AS nodes

// name: restore_nodes
// One batch of nodes with the same labels (checked in Python against the allow-list before anything
// is written); returns each row's key in the file with the new node's internal id.
UNWIND $rows AS row
CREATE (n:$($labels))
SET n = row[1]
RETURN collect([row[0], id(n)]) AS made

// name: restore_relationships
// One batch of relationships of one type (checked against the allow-list), between the nodes this
// restore made, found by their internal ids: [start, end, props] per row.
UNWIND $rows AS row
MATCH (a) WHERE id(a) = row[0]
MATCH (b) WHERE id(b) = row[1]
CREATE (a)-[r:$($type)]->(b)
SET r = row[2]
RETURN count(r) AS created

// name: restore_index_names
// The indexes no constraint owns (token lookups aside): a restore sets aside those the schema makes
// again, and builds them from the data once it is written, which is quicker than updating them
// with every batch (the constraints stay: they guard the data as it is written). An eventually
// consistent index (name_search) stays too: it is brought up to date after each commit, in the
// background, so it costs the writes nothing, and building it again took longer than the rest.
SHOW INDEXES YIELD name, type, owningConstraint, options
WHERE owningConstraint IS NULL AND type <> 'LOOKUP'
  AND NOT coalesce(options.indexConfig['fulltext.eventually_consistent'], false)
RETURN collect(name) AS names

// name: restore_drop_index
// generation: kept
DROP INDEX $name IF EXISTS

// name: restore_await_indexes
// generation: kept
// Until every index is built and the eventually consistent ones have caught up with the writes.
CALL db.awaitIndexes($seconds)
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
