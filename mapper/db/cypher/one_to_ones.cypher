// name: create_one_to_ones
// 1:1 relational meetings between people who exist; returns how many were written, so that the
// caller can roll back when one end was not found. (Consent given at the meeting is kept by
// one_to_ones_consent, in the same transaction.)
// names: kept
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
CREATE (a)-[m:ONE_TO_ONE]->(b)
SET m = row.props
RETURN count(*) AS created

// name: one_to_ones_consent
// Consent given at a meeting, kept on the person met, for the rows that carry it.
UNWIND $rows AS row
WITH row WHERE row.consent IS NOT NULL
MATCH (b:Person {id: row.b})
SET b.consent_recorded = row.consent.recorded, b.consent_named = row.consent.named,
    b.consent_contact = row.consent.contact, b.consent_date = row.consent.date
RETURN count(b) AS kept

// name: one_to_one_by_id
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
WHERE m.id = $id
RETURN m.id AS id, toString(m.date) AS date, m.by AS by, a.id AS a_id, a.name AS a_name, b.id AS b_id,
       b.name AS b_name, m.themes AS themes, m.notes AS notes, m.place AS place, m.follow_up AS follow_up,
       toString(m.follow_up_due) AS follow_up_due, m.recorded_by AS recorded_by

// name: count_one_to_ones
MATCH ()-[m:ONE_TO_ONE]->() RETURN count(m) AS meetings

// name: count_people
MATCH (p:Person) RETURN count(p) AS people

// name: list_organisers
// People with the Organiser role, for "who are you" on the organisers' pages.
MATCH (p:Organiser)
WHERE coalesce(p.active, true)
RETURN p.id AS id, p.name AS name, p.email AS email
ORDER BY p.name

// name: my_one_to_ones
// The 1:1s an organiser held or took part in, newest first.
MATCH (me:Person {id: $id})-[m:ONE_TO_ONE]-(other:Person)
RETURN m.id AS id, toString(m.date) AS date, other.id AS other_id, other.name AS other_name, m.place AS place,
       COLLECT { MATCH (t:Theme) WHERE t.id IN coalesce(m.themes, []) RETURN t.name } AS themes,
       m.follow_up AS follow_up, toString(m.follow_up_due) AS follow_up_due
ORDER BY m.date DESC, m.id
LIMIT $limit

// name: my_follow_ups
// Follow-ups from an organiser's 1:1s: overdue ones (before $today) and those due up to $until.
MATCH (me:Person {id: $id})-[m:ONE_TO_ONE]-(other:Person)
WHERE m.follow_up_due IS NOT NULL AND m.follow_up_due <= $until
RETURN m.id AS id, toString(m.follow_up_due) AS due, m.follow_up AS follow_up, other.id AS other_id,
       other.name AS other_name, m.follow_up_due < $today AS overdue
ORDER BY m.follow_up_due
LIMIT $limit

// name: my_people
// The people an organiser has met, with how many times and when last.
MATCH (me:Person {id: $id})-[m:ONE_TO_ONE]-(other:Person)
OPTIONAL MATCH (other)-[:IN_AREA]->(area:Area)
RETURN other.id AS id, other.name AS name, area.name AS area, count(m) AS meetings, toString(max(m.date)) AS last
ORDER BY last DESC, name
LIMIT $limit

// name: my_themes
// The themes that come up most in an organiser's 1:1s.
MATCH (me:Person {id: $id})-[m:ONE_TO_ONE]-(:Person)
UNWIND coalesce(m.themes, []) AS theme_id
MATCH (t:Theme {id: theme_id})
RETURN t.id AS id, t.name AS name, count(*) AS times
ORDER BY times DESC, name

// name: neighbourhood
// A person's neighbourhood two steps out over the network's relationships ($types): the nodes
// (people, organisations, assets; at most $limit per step) and the links among them.
MATCH (p:Person {id: $id})
CALL (p) {
  OPTIONAL MATCH (p)-[r1]-(n1)
  WHERE type(r1) IN $types AND (n1:Person OR n1:Organisation OR n1:Asset) AND coalesce(n1.active, true)
  RETURN collect(DISTINCT n1)[..$limit] AS first
}
CALL (p, first) {
  UNWIND first AS n1
  MATCH (n1)-[r2]-(n2)
  WHERE type(r2) IN $types AND (n2:Person OR n2:Organisation OR n2:Asset) AND n2 <> p AND NOT n2 IN first
        AND coalesce(n2.active, true)
  RETURN collect(DISTINCT n2)[..$limit] AS second
}
WITH p, first, second, [p] + first + second AS everyone
CALL (everyone) {
  UNWIND everyone AS a
  MATCH (a)-[r]-(b)
  WHERE type(r) IN $types AND elementId(a) < elementId(b) AND b IN everyone
  RETURN collect(DISTINCT {from: a.id, to: b.id, type: type(r)}) AS links
}
RETURN [n IN everyone | {id: n.id, name: n.name,
          kind: CASE WHEN n:Person THEN 'person' WHEN n:Asset THEN 'asset' ELSE 'organisation' END,
          step: CASE WHEN n = p THEN 0 WHEN n IN first THEN 1 ELSE 2 END}] AS nodes,
       links

// name: idempotency_key_find
// A save already made under this (account-scoped, hashed) Idempotency-Key, if any.
MATCH (k:IdempotencyKey {key: $key})
RETURN k.one_to_one AS id, k.a AS a, k.b AS b, k.new_people AS new_people, k.fingerprint AS fingerprint

// name: idempotency_key_keep
// Kept in the transaction that records the 1:1; a second save with the same key fails on the
// key's uniqueness constraint and is answered from here instead.
// names: kept
CREATE (k:IdempotencyKey {key: $key, one_to_one: $id, a: $a, b: $b, new_people: $new_people,
                          fingerprint: $fingerprint, at: datetime()})
RETURN k.key AS key

// name: idempotency_keys_purge
// Keys older than $before are forgotten (a retry comes within days, not months).
// generation: kept
MATCH (k:IdempotencyKey) WHERE k.at < $before
WITH k LIMIT 1000
DELETE k
RETURN count(*) AS purged

// name: import_one_to_ones
// The 1:1s of a CSV import, both people found by internal id (elementId, read in the same
// transaction by import_people / import_people_found; a person matched in the graph is also
// checked by id, so a node id reused after a delete is never linked); properties given in the
// CREATE itself, so the plan has no Eager. Returns how many were written: fewer means someone is
// gone, and the caller rolls back. Each row is a list (mapper.organising.csv_writing._meeting_row):
// [a's internal id, b's, a's id if matched in the graph (else null), b's, then the 1:1's id, date,
// by, themes, notes, place, follow_up, follow_up_due, source]; dates as ISO text (date(null) is null).
// names: kept
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row[0]
MATCH (b) WHERE elementId(b) = row[1]
WITH a, b, row
WHERE (row[2] IS NULL OR a.id = row[2]) AND (row[3] IS NULL OR b.id = row[3])
CREATE (a)-[:ONE_TO_ONE {id: row[4], date: date(row[5]), by: row[6], themes: row[7], notes: row[8],
                         place: row[9], follow_up: row[10], follow_up_due: date(row[11]),
                         source: row[12]}]->(b)
RETURN count(*) AS created
