// name: duplicate_candidates
// Active, unerased people with what duplicates are spotted by (name, area, email, phone); with
// $me or $account given, only those that person met or whose 1:1 that account recorded.
MATCH (p:Person)
WHERE coalesce(p.active, true) AND p.erased IS NULL
  AND ($restrict = false
       OR ($me IS NOT NULL AND EXISTS { MATCH (p)-[:ONE_TO_ONE]-(:Person {id: $me}) })
       OR EXISTS { MATCH (p)-[m:ONE_TO_ONE]-() WHERE m.recorded_by = $account })
OPTIONAL MATCH (p)-[:IN_AREA]->(area:Area)
WITH p, head(collect(area)) AS area
RETURN p.id AS id, p.name AS name, area.id AS area_id, area.name AS area, p.email AS email, p.phone AS phone

// name: people_met_by
// Which of $ids the person $me had a 1:1 with, or the account $account recorded a 1:1 of.
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
WHERE ($me IS NOT NULL AND EXISTS { MATCH (p)-[:ONE_TO_ONE]-(:Person {id: $me}) })
   OR EXISTS { MATCH (p)-[m:ONE_TO_ONE]-() WHERE m.recorded_by = $account }
RETURN p.id AS id

// name: merge_side_by_side
// Two people's fields as held, for choosing field by field (the caller applies consent).
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
OPTIONAL MATCH (p)-[:IN_AREA]->(area:Area)
WITH p, head(collect(area)) AS area
RETURN p.id AS id, p.name AS name, p.email AS email, p.phone AS phone, area.id AS area_id, area.name AS area,
       [l IN labels(p) WHERE l IN ['Organiser', 'Champion', 'PeerSupporter']] AS roles,
       p.consent_recorded AS consent_recorded, p.consent_named AS consent_named,
       p.consent_contact AS consent_contact, toString(p.consent_date) AS consent_date,
       coalesce(p.active, true) AS active, p.erased IS NOT NULL AS erased,
       COUNT { (p)-[:ONE_TO_ONE]-() } AS one_to_ones, toString(p.created) AS created

// name: merge_chosen_fields
// After a merge: the fields chosen from either record, set on the record kept ($area_set: the
// area was chosen; $area null: none).
MATCH (k:Person {id: $keep})
SET k.name = $name, k.email = $email, k.phone = $phone
WITH k
CALL (k) {
  WITH k WHERE $area_set
  OPTIONAL MATCH (k)-[old:IN_AREA]->(:Area)
  DELETE old
}
CALL (k) {
  WITH k WHERE $area_set AND $area IS NOT NULL
  MATCH (area:Area {id: $area})
  CREATE (k)-[:IN_AREA {id: 'IN_AREA:' + k.id + ':' + area.id}]->(area)
}
RETURN k.id AS id
