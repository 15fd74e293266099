// name: backup_extent
// How many nodes and relationships there are, and the highest internal id of each: the backup
// walks the id ranges in batches (ids are dense in Neo4j's record format). The write generation and
// the trend's stored months are the database's own bookkeeping, not data: neither backed up nor restored.
CALL () { MATCH (n) WHERE NOT (n:WriteGeneration OR n:TrendMonth) RETURN count(n) AS nodes, coalesce(max(id(n)), -1) AS max_node }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, coalesce(max(id(r)), -1) AS max_relationship }
RETURN nodes, max_node, relationships, max_relationship

// name: backup_nodes
// The nodes whose internal id lies in [$first, $last]: one id seek each, so a batch costs its size.
MATCH (n) WHERE id(n) IN range($first, $last) AND NOT (n:WriteGeneration OR n:TrendMonth)
RETURN id(n) AS key, labels(n) AS labels, properties(n) AS props

// name: backup_relationships
// The relationships whose internal id lies in [$first, $last], with their endpoints' internal ids.
MATCH ()-[r]->() WHERE id(r) IN range($first, $last)
RETURN id(r) AS key, type(r) AS type, id(startNode(r)) AS start, id(endNode(r)) AS end, properties(r) AS props

// name: backup_node_count
// Whether the database holds anything (a restore refuses a non-empty database unless forced).
MATCH (n) WHERE NOT (n:WriteGeneration OR n:TrendMonth) RETURN count(n) AS nodes

// name: restore_nodes
// Labels come from the file, checked in Python against the allow-list before anything is written.
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN row.key AS key, elementId(n) AS node

// name: restore_relationships
// Endpoints by the element ids the node batches returned; the type is checked against the allow-list.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS created
