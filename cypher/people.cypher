// name: recent_one_to_ones
// The latest 1:1 relational meetings, newest first.
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
RETURN m.id AS id, toString(m.date) AS date, a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name,
       COLLECT { MATCH (t:Theme) WHERE t.id IN coalesce(m.themes, []) RETURN t.name } AS themes, m.place AS place
ORDER BY m.date DESC, m.id
LIMIT $limit

// name: follow_ups_due
// Follow-ups from 1:1s that fall due on or before $until, oldest first.
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
WHERE m.follow_up_due IS NOT NULL AND m.follow_up_due <= $until
RETURN m.id AS id, toString(m.follow_up_due) AS due, m.follow_up AS follow_up,
       a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, m.follow_up_due < $today AS overdue
ORDER BY m.follow_up_due
LIMIT $limit

// name: list_people
MATCH (p:Person)
WHERE coalesce(p.active, true)
OPTIONAL MATCH (p)-[:IN_AREA]->(area:Area)
RETURN p.id AS id, p.name AS name, area.name AS area,
       [l IN labels(p) WHERE l IN ['Organiser', 'Champion', 'PeerSupporter']] AS roles,
       COUNT { (p)-[:ONE_TO_ONE]-() } AS one_to_ones
ORDER BY p.name
SKIP $skip LIMIT $limit

// name: person_by_id
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[:IN_AREA]->(area:Area)
RETURN p.id AS id, p.name AS name, p.email AS email, p.phone AS phone, area.name AS area,
       [l IN labels(p) WHERE l IN ['Organiser', 'Champion', 'PeerSupporter']] AS roles,
       p.consent_recorded AS consent_recorded, p.consent_named AS consent_named,
       p.consent_contact AS consent_contact, toString(p.consent_date) AS consent_date

// name: create_person
// A new person; fails on the id constraint if the id is taken.
CREATE (p:Person {id: $id, name: $name, active: true})
RETURN p.id AS id
