// name: upsert_areas
UNWIND $rows AS row
MERGE (a:Area {id: row.id})
SET a.name = row.name, a.code = row.code

// name: upsert_themes
UNWIND $rows AS row
MERGE (t:Theme {id: row.id})
SET t.name = row.name

// name: upsert_people
// Role labels (Organiser, Champion, PeerSupporter) come from a fixed allow-list checked in Python.
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p += row.props
WITH p, row
REMOVE p:Organiser:Champion:PeerSupporter
SET p:$(row.roles)

// name: upsert_organisations
UNWIND $rows AS row
MERGE (o:Organisation {id: row.id})
SET o += row.props

// name: upsert_assets
// The kind label (ListeningHub, Hub, PeerSupportGroup) comes from a fixed allow-list checked in Python.
UNWIND $rows AS row
MERGE (a:Asset {id: row.id})
SET a += row.props,
    a.location = point({latitude: row.lat, longitude: row.lon})
WITH a, row
REMOVE a:ListeningHub:Hub:PeerSupportGroup
SET a:$(row.kind)

// name: link
// Relationships between any two known nodes; the type comes from a fixed allow-list checked in
// Python. Each endpoint is found through its label's id constraint.
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Person {id: row.source}) RETURN n
  UNION MATCH (n:Organisation {id: row.source}) RETURN n
  UNION MATCH (n:Asset {id: row.source}) RETURN n
}
WITH row, n AS a
CALL (row) {
  MATCH (n:Person {id: row.target}) RETURN n
  UNION MATCH (n:Organisation {id: row.target}) RETURN n
  UNION MATCH (n:Asset {id: row.target}) RETURN n
  UNION MATCH (n:Theme {id: row.target}) RETURN n
  UNION MATCH (n:Area {id: row.target}) RETURN n
}
WITH row, a, n AS b
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r += row.props
RETURN count(r) AS linked

// name: create_organisation
// names: kept
// A new organisation; fails on the id constraint if the id is taken.
CREATE (o:Organisation {id: $id, name: $name})
RETURN o.id AS id

// name: create_asset
// names: kept
// A new asset; fails on the id constraint if the id is taken (kind labels are added separately).
CREATE (a:Asset {id: $id, name: $name})
RETURN a.id AS id
