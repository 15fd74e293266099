// name: bench_people
// Synthetic people for benchmarks (into an empty benchmark database).
UNWIND $rows AS row
CREATE (p:Person {id: row.id, name: row.name, active: true, consent_named: false})

// name: bench_organisations
UNWIND $rows AS row
CREATE (o:Organisation {id: row.id, name: row.name})

// name: bench_assets
UNWIND $rows AS row
CREATE (a:Asset:ListeningHub {id: row.id, name: row.name})

// name: bench_areas
UNWIND $rows AS row
MERGE (a:Area {id: row.id}) SET a.name = row.name

// name: bench_in_area
UNWIND $rows AS row
MATCH (a:Area {id: row.area})
CALL (row, a) {
  MATCH (n:Person {id: row.id}) CREATE (n)-[:IN_AREA]->(a)
  UNION
  MATCH (n:Asset {id: row.id}) CREATE (n)-[:IN_AREA]->(a)
  UNION
  MATCH (n:Organisation {id: row.id}) CREATE (n)-[:IN_AREA]->(a)
}

// name: bench_one_to_ones
UNWIND $rows AS row
MATCH (a:Person {id: row.s}) MATCH (b:Person {id: row.t})
CREATE (a)-[:ONE_TO_ONE {id: row.id, date: row.date}]->(b)

// name: bench_attends
UNWIND $rows AS row
MATCH (a:Person {id: row.s}) MATCH (b:Asset {id: row.t})
CREATE (a)-[:ATTENDS]->(b)

// name: bench_member_of
UNWIND $rows AS row
MATCH (a:Person {id: row.s}) MATCH (b:Organisation {id: row.t})
CREATE (a)-[:MEMBER_OF]->(b)

// name: bench_org_runs
UNWIND $rows AS row
MATCH (a:Organisation {id: row.s}) MATCH (b:Asset {id: row.t})
CREATE (a)-[:RUNS]->(b)

// name: bench_partners
UNWIND $rows AS row
MATCH (a:Organisation {id: row.s}) MATCH (b:Organisation {id: row.t})
CREATE (a)-[:PARTNERS_WITH]->(b)

// name: bench_introduces
UNWIND $rows AS row
MATCH (a:Asset {id: row.s}) MATCH (b:Asset {id: row.t})
CREATE (a)-[:INTRODUCES_TO]->(b)

// name: bench_pull_before_nodes
// The pull as it was before it was made lean (the bench's baseline): every node as a row of a list.
MATCH (n)
WHERE (n:Person AND coalesce(n.active, true)) OR n:Organisation OR n:Asset
OPTIONAL MATCH (n)-[:IN_AREA]->(area:Area)
RETURN collect([n.id,
       CASE WHEN n:Person THEN 'person' WHEN n:Asset THEN 'asset' ELSE 'organisation' END,
       n.name, area.name, coalesce(n.consent_named, false),
       [l IN labels(n) WHERE l IN ['Organiser', 'Champion', 'PeerSupporter', 'ListeningHub', 'Hub',
                                   'PeerSupportGroup']],
       COLLECT { MATCH (n)-[:CHAMPIONS|ADDRESSES]->(t:Theme) RETURN t.id },
       n.location.latitude, n.location.longitude]) AS rows

// name: bench_pull_before_ties
// The pull as it was before it was made lean (the bench's baseline): ties as rows of a list.
MATCH (a)-[r:MEMBER_OF|RUNS|VOLUNTEERS_AT|ATTENDS|PARTNERS_WITH|INTRODUCES_TO]->(b)
WHERE NOT (a:Person AND NOT coalesce(a.active, true)) AND NOT (b:Person AND NOT coalesce(b.active, true))
RETURN collect([a.id, b.id, type(r), r.since]) AS rows

// name: bench_pull_before_one_to_ones
// The pull as it was before it was made lean (the bench's baseline): 1:1s as columns.
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
WHERE coalesce(a.active, true) AND coalesce(b.active, true)
RETURN collect(a.id) AS sources, collect(b.id) AS targets,
       collect(coalesce(m.date.year * 10000 + m.date.month * 100 + m.date.day, 0)) AS dates,
       collect(coalesce(m.themes, [])) AS themes

// name: bench_forget_trend
// The trend's stored months, forgotten so that the bench times every month computed.
// generation: kept
MATCH (m:TrendMonth) DETACH DELETE m

// name: bench_backup_before_extent
// The backup bench's baseline, the backup and restore as they were: the highest internal ids, walked
// in id ranges (see bench/backup_before.py).
CALL () { MATCH (n) WHERE NOT (n:WriteGeneration OR n:TrendMonth) RETURN count(n) AS nodes, coalesce(max(id(n)), -1) AS max_node }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, coalesce(max(id(r)), -1) AS max_relationship }
RETURN nodes, max_node, relationships, max_relationship

// name: bench_backup_before_nodes
MATCH (n) WHERE id(n) IN range($first, $last) AND NOT (n:WriteGeneration OR n:TrendMonth)
RETURN id(n) AS key, labels(n) AS labels, properties(n) AS props

// name: bench_backup_before_relationships
MATCH ()-[r]->() WHERE id(r) IN range($first, $last)
RETURN id(r) AS key, type(r) AS type, id(startNode(r)) AS start, id(endNode(r)) AS end, properties(r) AS props

// name: bench_restore_before_nodes
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN row.key AS key, elementId(n) AS node

// name: bench_restore_before_relationships
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS created

// name: bench_backup_content_nodes
// The backup bench's check of content: every node's element id, labels and properties, as parallel lists.
MATCH (n) WHERE NOT (n:WriteGeneration OR n:TrendMonth)
RETURN collect(elementId(n)) AS nodes, collect(labels(n)) AS labels, collect(properties(n)) AS props

// name: bench_backup_content_relationships
// Every relationship's type, ends (element ids) and properties, as parallel lists.
MATCH (a)-[r]->(b)
RETURN collect(type(r)) AS types, collect(elementId(a)) AS starts, collect(elementId(b)) AS ends,
       collect(properties(r)) AS props
