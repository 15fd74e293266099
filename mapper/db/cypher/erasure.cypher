// name: erasure_request_open
// names: kept
// A pending erasure request for a person (one at most: an open one is returned as it is).
MATCH (p:Person {id: $person})
WHERE p.erased IS NULL
OPTIONAL MATCH (open:ErasureRequest {person: $person, state: 'pending'})
WITH p, open
CALL (p, open) {
  WITH * WHERE open IS NULL
  CREATE (r:ErasureRequest {id: $id, person: p.id, state: 'pending', requested: datetime(),
                            requested_by: $actor, reason: $reason})
  RETURN r
  UNION
  WITH * WHERE open IS NOT NULL
  RETURN open AS r
}
RETURN r.id AS id, r.person AS person, r.state AS state, toString(r.requested) AS requested,
       r.requested_by AS requested_by, r.reason AS reason, r.id = $id AS created

// name: erasure_requests
// Erasure requests, pending first, then the newest; $state filters ('pending' or 'done') when given.
MATCH (r:ErasureRequest)
WHERE $state IS NULL OR r.state = $state
OPTIONAL MATCH (p:Person {id: r.person})
RETURN r.id AS id, r.person AS person, r.state AS state, toString(r.requested) AS requested,
       r.requested_by AS requested_by, r.reason AS reason, toString(r.done) AS done, r.done_by AS done_by,
       CASE WHEN r.state = 'pending' THEN p.name ELSE null END AS name
ORDER BY r.state DESC, r.requested DESC
LIMIT $limit

// name: erasure_requests_for
MATCH (r:ErasureRequest)
WHERE r.person IN $ids
RETURN r.id AS id, r.person AS person, r.state AS state, toString(r.requested) AS requested,
       r.requested_by AS requested_by, r.reason AS reason, toString(r.done) AS done, r.done_by AS done_by
ORDER BY r.requested DESC

// name: erasure_personal_values
// What identifies a person in free text: name, email and phone (the needles an erasure looks for).
MATCH (p:Person {id: $id})
RETURN p.id AS id, elementId(p) AS eid, p.name AS name, p.email AS email, p.phone AS phone,
       coalesce(p.merged_from, []) AS merged_from, p.erased IS NOT NULL AS erased

// name: erasure_find_text
// Every text property (or list of texts) anywhere in the graph that may name the person: a wide
// first filter that never misses what mapper.privacy.text_match finds exactly. A text is kept when
// its lower case holds every word of $words (the folded name), or $email, or it matches one of
// $phones (the phone's digits in order, anything else between), or it matches $unusual (it holds
// a character the normalisation changes: full-width forms, non-breaking spaces, combining marks).
// Audit entries and accounts hold no one's notes and are left out.
CALL () {
  MATCH (n)
  WHERE NOT n:AuditEntry AND NOT n:Account
  UNWIND keys(n) AS key
  WITH n, key, n[key] AS value
  WITH n, key, value, CASE WHEN value IS :: STRING THEN [value]
                           WHEN value IS :: LIST<STRING NOT NULL> THEN value ELSE [] END AS texts
  WHERE any(s IN texts WHERE (size($words) > 0 AND all(w IN $words WHERE toLower(s) CONTAINS w))
        OR ($email IS NOT NULL AND toLower(s) CONTAINS $email)
        OR any(p IN $phones WHERE s =~ p)
        OR s =~ $unusual)
  RETURN 'node' AS kind, elementId(n) AS eid, key, value
  UNION ALL
  MATCH ()-[r]->()
  UNWIND keys(r) AS key
  WITH r, key, r[key] AS value
  WITH r, key, value, CASE WHEN value IS :: STRING THEN [value]
                           WHEN value IS :: LIST<STRING NOT NULL> THEN value ELSE [] END AS texts
  WHERE any(s IN texts WHERE (size($words) > 0 AND all(w IN $words WHERE toLower(s) CONTAINS w))
        OR ($email IS NOT NULL AND toLower(s) CONTAINS $email)
        OR any(p IN $phones WHERE s =~ p)
        OR s =~ $unusual)
  RETURN 'relationship' AS kind, elementId(r) AS eid, key, value
}
RETURN kind, eid, key, value

// name: erasure_redact_nodes
// Puts redacted text back into node properties found by erasure_find_text.
UNWIND $rows AS row
MATCH (n)
WHERE elementId(n) = row.eid AND NOT n:AuditEntry
SET n[row.key] = row.value
RETURN count(n) AS redacted

// name: erasure_redact_relationships
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.eid
SET r[row.key] = row.value
RETURN count(r) AS redacted

// name: erase_person
// Turns a person into an anonymous placeholder, keeping the network's shape: the node keeps its
// (random) id and its relationships, so that the figures for any date stay true; everything
// personal goes. The name becomes $placeholder (the same words for everyone); email, phone,
// consent, area, roles, themes championed and every property of their relationships other than
// the relationship's id and its date (1:1s) or since (other links) are removed, 1:1 notes,
// follow-ups, places, themes and who held or recorded them included; their consent history is
// deleted.
MATCH (p:Person {id: $id})
CALL (p) {
  OPTIONAL MATCH (p)-[m:ONE_TO_ONE]-()
  WITH m WHERE m IS NOT NULL
  SET m = {id: m.id, date: m.date}
  RETURN count(m) AS one_to_ones
}
CALL (p) {
  OPTIONAL MATCH (p)-[r]-()
  WITH r WHERE r IS NOT NULL AND type(r) IN ['IN_AREA', 'CHAMPIONS']
  DELETE r
  RETURN count(*) AS removed
}
CALL (p) {
  OPTIONAL MATCH (p)-[r]-()
  WITH r WHERE r IS NOT NULL AND NOT type(r) IN ['ONE_TO_ONE', 'IN_AREA', 'CHAMPIONS']
  SET r = {id: r.id, since: r.since}
  RETURN count(r) AS links
}
CALL (p) {
  OPTIONAL MATCH (c:ConsentChange)
  WHERE c.person = p.id OR c.person IN coalesce(p.merged_from, [])
  WITH c WHERE c IS NOT NULL
  DELETE c
  RETURN count(c) AS consent_changes
}
WITH p, p.id AS pid, one_to_ones, removed, links, consent_changes
REMOVE p:Organiser:Champion:PeerSupporter
SET p = {id: pid, name: $placeholder, active: true, erased: date(), consent_recorded: false,
         consent_named: false, consent_contact: false}
RETURN pid AS id, one_to_ones, removed + links AS relationships, consent_changes

// name: erasure_request_done
// Marks the person's pending requests as carried out (or records one carried out at once).
MATCH (p:Person {id: $person})
OPTIONAL MATCH (open:ErasureRequest {person: $person, state: 'pending'})
WITH p, collect(open) AS open
CALL (p, open) {
  WITH * WHERE size(open) = 0
  CREATE (r:ErasureRequest {id: $id, person: p.id, requested: datetime(), requested_by: $actor, reason: $reason})
  SET r.state = 'done', r.done = datetime(), r.done_by = $actor
  RETURN count(r) AS made
}
CALL (open) {
  UNWIND open AS r
  SET r.state = 'done', r.done = datetime(), r.done_by = $actor
  RETURN count(r) AS closed
}
RETURN made + closed AS requests

// name: erasure_cancel_request
// names: kept
MATCH (r:ErasureRequest {id: $id, state: 'pending'})
SET r.state = 'cancelled', r.done = datetime(), r.done_by = $actor
RETURN r.id AS id, r.person AS person

// name: subject_access_person
// Every property and label of one person, as held.
MATCH (p:Person {id: $id})
RETURN properties(p) AS properties, labels(p) AS labels

// name: subject_access_relationships
// Every relationship of one person, with all its properties and the other end's id, name and labels.
MATCH (p:Person {id: $id})-[r]-(x)
RETURN type(r) AS type, startNode(r) = p AS outgoing, properties(r) AS properties, x.id AS other_id,
       x.name AS other_name, [l IN labels(x) WHERE l IN $labels] AS other_labels
ORDER BY type, coalesce(r.date, r.since), other_id

// name: account_by_email_exists
// Whether an account signs in with this email (an erased person's email may also be an account's).
MATCH (a:Account {email: $email})
RETURN a.email AS email
