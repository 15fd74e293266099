// name: lock_directory_entry
// Takes the entry's write lock for the rest of the transaction (a property set and removed), so
// that the version read next is the last one committed: two saves of one entry run one after the
// other, never both on the same version. Asset or organisation, live or retired.
// generation: kept
CALL () {
  MATCH (e:Asset {id: $id}) RETURN e
  UNION MATCH (e:RetiredAsset {id: $id}) RETURN e
  UNION MATCH (e:Organisation {id: $id}) RETURN e
  UNION MATCH (e:RetiredOrganisation {id: $id}) RETURN e
}
SET e._lock = true
REMOVE e._lock
RETURN coalesce(e.version, 0) AS version, e:Asset OR e:RetiredAsset AS asset

// name: directory_asset
// One asset as its stewards see and edit it (live or retired): every field, the hidden address too,
// themes and the organisations that run it by id, its version and where it came from.
CALL () {
  MATCH (a:Asset {id: $id}) RETURN a
  UNION MATCH (a:RetiredAsset {id: $id}) RETURN a
}
OPTIONAL MATCH (a)-[:IN_AREA]->(area:Area)
WITH a, head(collect(area)) AS area
RETURN a.id AS id, a.name AS name,
       [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0] AS kind,
       a.description AS description, a.address AS address, a.postcode AS postcode,
       a.location.latitude AS lat, a.location.longitude AS lon, area.name AS area, area.id AS area_id,
       area.code AS area_code,
       COLLECT { MATCH (a)-[:ADDRESSES]->(t:Theme) RETURN t.id ORDER BY t.id } AS themes,
       COLLECT { MATCH (o:Organisation)-[:RUNS]->(a) RETURN o.id ORDER BY o.id } AS run_by,
       coalesce(a.languages, []) AS languages, coalesce(a.accessibility, []) AS accessibility,
       a.cost AS cost, coalesce(a.opening, []) AS opening, a.contact AS contact,
       coalesce(a.referral, false) AS referral, coalesce(a.hide_address, false) AS hide_address,
       coalesce(a.version, 0) AS version, toString(a.last_checked) AS last_checked, a.verified_by AS verified_by,
       a.source AS source, a.source_id AS source_id, a.source_feed AS source_feed,
       coalesce(a.steward_fields, []) AS steward_fields, a:RetiredAsset AS retired,
       toString(a.retired_on) AS retired_on, a.merged_into AS merged_into,
       toString(a.updated) AS updated, a.updated_by AS updated_by

// name: create_directory_asset
// A new asset, with no fields yet (save_directory_asset fills them in the same transaction).
CREATE (a:Asset:Hub {id: $id, version: 0, created: datetime(), created_by: $by})
RETURN a.id AS id

// name: save_directory_asset
// Writes an asset's fields as a steward (or an import) gave them: properties ($props; a null
// removes one), its point, its kind label ($kind, from the allow-list checked in Python), and its
// themes, the organisations that run it and its area, changing only the links that differ.
MATCH (a:Asset {id: $id})
SET a += $props, a.location = point({latitude: $lat, longitude: $lon}), a.version = $version,
    a.updated = datetime(), a.updated_by = $by, a.steward_fields = $steward_fields
REMOVE a:ListeningHub:Hub:PeerSupportGroup
SET a:$($kind)
WITH a
CALL (a) {
  MATCH (a)-[r:ADDRESSES]->(t:Theme) WHERE NOT t.id IN $themes DELETE r
}
CALL (a) {
  UNWIND $themes AS wanted
  MATCH (t:Theme {id: wanted}) WHERE NOT EXISTS { (a)-[:ADDRESSES]->(t) }
  CREATE (a)-[:ADDRESSES {id: 'ADDRESSES:' + a.id + ':' + t.id}]->(t)
}
CALL (a) {
  MATCH (o:Organisation)-[r:RUNS]->(a) WHERE NOT o.id IN $run_by DELETE r
}
CALL (a) {
  UNWIND $run_by AS wanted
  MATCH (o:Organisation {id: wanted}) WHERE NOT EXISTS { (o)-[:RUNS]->(a) }
  CREATE (o)-[:RUNS {id: 'RUNS:' + o.id + ':' + a.id, since: date()}]->(a)
}
CALL (a) {
  MATCH (a)-[r:IN_AREA]->(x:Area) WHERE NOT x.code IN $area_codes DELETE r
}
CALL (a) {
  UNWIND $area_codes AS wanted
  MATCH (x:Area {code: wanted}) WHERE NOT EXISTS { (a)-[:IN_AREA]->(x) }
  CREATE (a)-[:IN_AREA {id: 'IN_AREA:' + a.id + ':' + x.id}]->(x)
}
RETURN a.id AS id, a.version AS version

// name: directory_organisation
// One organisation as its stewards see and edit it (live or retired); no person's data.
CALL () {
  MATCH (o:Organisation {id: $id}) RETURN o
  UNION MATCH (o:RetiredOrganisation {id: $id}) RETURN o
}
OPTIONAL MATCH (o)-[:IN_AREA]->(area:Area)
WITH o, head(collect(area)) AS area
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.description AS description, o.contact AS contact,
       o.website AS website, area.id AS area, area.name AS area_name,
       coalesce(o.version, 0) AS version, o:RetiredOrganisation AS retired, toString(o.retired_on) AS retired_on,
       toString(o.updated) AS updated, o.updated_by AS updated_by,
       COLLECT { MATCH (o)-[:RUNS]->(a:Asset) RETURN {id: a.id, name: a.name} ORDER BY a.name } AS runs

// name: create_directory_organisation
CREATE (o:Organisation {id: $id, version: 0, created: datetime(), created_by: $by})
RETURN o.id AS id

// name: save_directory_organisation
// An organisation's fields and its area ($area: an area id, or null for none).
MATCH (o:Organisation {id: $id})
SET o += $props, o.version = $version, o.updated = datetime(), o.updated_by = $by
WITH o
CALL (o) {
  MATCH (o)-[r:IN_AREA]->(x:Area) WHERE $area IS NULL OR x.id <> $area DELETE r
}
CALL (o) {
  MATCH (x:Area {id: $area}) WHERE NOT EXISTS { (o)-[:IN_AREA]->(x) }
  CREATE (o)-[:IN_AREA {id: 'IN_AREA:' + o.id + ':' + x.id}]->(x)
}
RETURN o.id AS id, o.version AS version

// name: retire_directory_asset
// Retired: the entry and its history are kept, under RetiredAsset, so that no search, map, feed or
// analysis (all of which read :Asset) finds it; its open flags are closed.
MATCH (a:Asset {id: $id})
REMOVE a:Asset
SET a:RetiredAsset, a.retired_on = datetime(), a.retired_by = $by, a.version = $version,
    a.merged_into = $merged_into
WITH a
CALL (a) {
  MATCH (f:Flag)-[:ABOUT]->(a) WHERE f.status = 'open'
  SET f.status = 'closed', f.resolved = datetime(), f.resolved_by = $by
}
RETURN a.id AS id

// name: reinstate_directory_asset
// A retired asset back in the directory (restoring one of its versions).
MATCH (a:RetiredAsset {id: $id})
REMOVE a:RetiredAsset
SET a:Asset, a.retired_on = null, a.retired_by = null, a.merged_into = null
RETURN a.id AS id

// name: retire_directory_organisation
MATCH (o:Organisation {id: $id})
REMOVE o:Organisation
SET o:RetiredOrganisation, o.retired_on = datetime(), o.retired_by = $by, o.version = $version
RETURN o.id AS id

// name: reinstate_directory_organisation
MATCH (o:RetiredOrganisation {id: $id})
REMOVE o:RetiredOrganisation
SET o:Organisation, o.retired_on = null, o.retired_by = null
RETURN o.id AS id

// name: mark_entry_verified
// A steward checked the entry with the people who run it: verified today, by them; open flags closed.
MATCH (a:Asset {id: $id})
SET a.last_checked = date($today), a.verified_by = $by, a.version = $version
WITH a
OPTIONAL MATCH (f:Flag)-[:ABOUT]->(a)
WHERE f.status = 'open'
SET f.status = 'resolved', f.resolved = datetime(), f.resolved_by = $by
RETURN a.id AS id, count(f) AS closed

// name: directory_vocabulary
// What the directory's fields may hold: themes, areas, live organisations, and every language and
// access need already recorded.
RETURN COLLECT { MATCH (t:Theme) RETURN {id: t.id, name: t.name} ORDER BY t.name } AS themes,
       COLLECT { MATCH (x:Area) RETURN {id: x.id, name: x.name, code: x.code} ORDER BY x.name } AS areas,
       COLLECT { MATCH (o:Organisation) RETURN {id: o.id, name: o.name} ORDER BY o.name } AS organisations,
       COLLECT { MATCH (a:Asset) UNWIND coalesce(a.languages, []) AS l RETURN DISTINCT l ORDER BY l } AS languages,
       COLLECT { MATCH (a:Asset) UNWIND coalesce(a.accessibility, []) AS x RETURN DISTINCT x ORDER BY x } AS access

// name: assets_near_for_duplicates
// Live assets within $metres of a point (the point index), to warn of a possible duplicate.
MATCH (a:Asset)
WHERE point.distance(a.location, point({latitude: $lat, longitude: $lon})) <= $metres
  AND a.id <> $exclude
RETURN a.id AS id, a.name AS name, a.postcode AS postcode,
       round(point.distance(a.location, point({latitude: $lat, longitude: $lon}))) AS metres
ORDER BY metres
LIMIT 200

// name: organisations_named_like
// Live organisations, by name, to warn of a possible duplicate.
MATCH (o:Organisation)
WHERE o.id <> $exclude
RETURN o.id AS id, o.name AS name

// name: directory_list
// Every live asset and organisation, by name, for the stewards' index (name, kind, when verified).
CALL () {
  MATCH (a:Asset)
  RETURN a.id AS id, a.name AS name, 'asset' AS entry_kind,
         [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0] AS kind,
         toString(a.last_checked) AS last_checked
  UNION
  MATCH (o:Organisation)
  RETURN o.id AS id, o.name AS name, 'organisation' AS entry_kind, o.kind AS kind, null AS last_checked
}
RETURN id, name, entry_kind, kind, last_checked
ORDER BY toLower(name), id

// name: merge_directory_assets
// Moves every relationship of the duplicate ($drop) onto the asset kept ($keep): links a link of
// the same type to the same node are kept once, the kept asset's area stays. Types come from the
// allow-list $types. The duplicate is then retired (merge_into), keeping its history.
MATCH (k:Asset {id: $keep}), (d:Asset {id: $drop})
WHERE k <> d
CALL (k, d) {
  MATCH (d)-[r]->(x)
  WHERE type(r) IN $types AND x <> k AND NOT (type(r) = 'IN_AREA' AND EXISTS { (k)-[:IN_AREA]->() })
  WITH k, x, r, type(r) AS t, properties(r) AS props
  MERGE (k)-[n:$(t)]->(x)
  ON CREATE SET n = props
  DELETE r
  RETURN count(*) AS moved_out
}
CALL (k, d) {
  MATCH (d)<-[r]-(x)
  WHERE type(r) IN $types AND x <> k
  WITH k, x, r, type(r) AS t, properties(r) AS props
  MERGE (k)<-[n:$(t)]-(x)
  ON CREATE SET n = props
  DELETE r
  RETURN count(*) AS moved_in
}
SET k.merged_from = coalesce(k.merged_from, []) + [d.id]
RETURN moved_out + moved_in AS moved

// name: set_asset_version
// The kept asset's new version after a merge moved links onto it.
MATCH (a:Asset {id: $id})
SET a.version = $version, a.updated = datetime(), a.updated_by = $by
RETURN a.id AS id

// name: forget_steward_field
// names: kept
// A field a steward had changed, handed back to its import (the steward took the feed's value).
MATCH (a:Asset {id: $id})
SET a.steward_fields = [f IN coalesce(a.steward_fields, []) WHERE f <> $field]
RETURN a.id AS id

// name: set_last_checked_if_newer
// An import's "assured date": the entry was verified then, unless it was verified since.
MATCH (a:Asset {id: $id})
WHERE a.last_checked IS NULL OR a.last_checked < date($day)
SET a.last_checked = date($day)
RETURN a.id AS id
