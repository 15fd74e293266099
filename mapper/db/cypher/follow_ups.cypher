// name: follow_ups_mine
// The open follow-ups a person owns (reassigned to them, or from 1:1s they held and nobody else
// was given), due between $since (inclusive; null: any time) and $until (inclusive), soonest first.
// "with" is the other person of the 1:1 (the one met, when the owner was neither side).
CALL () {
  MATCH (me:Person {id: $id})-[m:ONE_TO_ONE]-(:Person)
  WHERE m.follow_up_owner IS NULL AND m.by = $id
  RETURN DISTINCT m
  UNION
  MATCH ()-[m:ONE_TO_ONE]->() WHERE m.follow_up_owner = $id
  RETURN m
}
WITH m
WHERE m.follow_up_due IS NOT NULL AND m.follow_up_done IS NULL AND m.follow_up_due <= $until
      AND ($since IS NULL OR m.follow_up_due >= $since)
MATCH (a:Person)-[m]->(b:Person)
WITH m, a, b, CASE WHEN a.id = $id THEN b ELSE a END AS other
RETURN m.id AS id, toString(m.follow_up_due) AS due, m.follow_up AS follow_up, toString(m.date) AS met_on,
       other.id AS with_id, other.name AS with_name, a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name,
       coalesce(m.follow_up_owner, m.by) AS owner, m.follow_up_due < $today AS overdue,
       m.follow_up_first_due IS NOT NULL AS snoozed
ORDER BY m.follow_up_due, m.id
SKIP $skip LIMIT $limit

// name: follow_ups_all
// Everyone's open follow-ups due between $since (null: any time) and $until, soonest first.
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
WHERE m.follow_up_due IS NOT NULL AND m.follow_up_done IS NULL AND m.follow_up_due <= $until
      AND ($since IS NULL OR m.follow_up_due >= $since)
OPTIONAL MATCH (owner:Person {id: coalesce(m.follow_up_owner, m.by)})
RETURN m.id AS id, toString(m.follow_up_due) AS due, m.follow_up AS follow_up, toString(m.date) AS met_on,
       b.id AS with_id, b.name AS with_name, a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name,
       owner.id AS owner, owner.name AS owner_name, m.follow_up_due < $today AS overdue,
       m.follow_up_first_due IS NOT NULL AS snoozed
ORDER BY m.follow_up_due, m.id
SKIP $skip LIMIT $limit

// name: follow_ups_open_with
// The open follow-ups of every 1:1 a person took part in (offered for closing at a new 1:1 with them).
MATCH (p:Person {id: $id})-[m:ONE_TO_ONE]-(other:Person)
WHERE m.follow_up_due IS NOT NULL AND m.follow_up_done IS NULL
MATCH (a:Person)-[m]->(b:Person)
OPTIONAL MATCH (owner:Person {id: coalesce(m.follow_up_owner, m.by)})
RETURN DISTINCT m.id AS id, toString(m.follow_up_due) AS due, m.follow_up AS follow_up, toString(m.date) AS met_on,
       other.id AS with_id, other.name AS with_name, a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name,
       owner.id AS owner, owner.name AS owner_name, m.follow_up_due < $today AS overdue,
       m.follow_up_first_due IS NOT NULL AS snoozed
ORDER BY due, id
LIMIT $limit

// name: follow_up_by_id
// One 1:1's follow-up, open or done, with both people and who owns it.
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
WHERE m.id = $id AND m.follow_up_due IS NOT NULL
OPTIONAL MATCH (owner:Person {id: coalesce(m.follow_up_owner, m.by)})
RETURN m.id AS id, toString(m.follow_up_due) AS due, m.follow_up AS follow_up, toString(m.date) AS met_on,
       b.id AS with_id, b.name AS with_name, a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name,
       owner.id AS owner, owner.name AS owner_name, m.follow_up_due < $today AS overdue,
       m.follow_up_first_due IS NOT NULL AS snoozed, toString(m.follow_up_done) AS done

// name: follow_up_done
// Marks follow-ups done ($ids), dated; those already done keep their date.
// generation: kept
UNWIND $ids AS fid
MATCH ()-[m:ONE_TO_ONE]->()
WHERE m.id = fid AND m.follow_up_due IS NOT NULL
SET m.follow_up_done = coalesce(m.follow_up_done, $day), m.follow_up_done_by = coalesce(m.follow_up_done_by, $actor)
RETURN m.id AS id

// name: follow_up_reopen
// generation: kept
MATCH ()-[m:ONE_TO_ONE]->()
WHERE m.id = $id AND m.follow_up_due IS NOT NULL
SET m.follow_up_done = null, m.follow_up_done_by = null
RETURN m.id AS id

// name: follow_up_snooze
// Moves an open follow-up's due date on, keeping the first due date.
// generation: kept
MATCH ()-[m:ONE_TO_ONE]->()
WHERE m.id = $id AND m.follow_up_due IS NOT NULL
SET m.follow_up_first_due = coalesce(m.follow_up_first_due, m.follow_up_due), m.follow_up_due = $until
RETURN m.id AS id

// name: follow_up_assign
// Gives an open follow-up to another person (its owner from now on).
// generation: kept
MATCH ()-[m:ONE_TO_ONE]->()
WHERE m.id = $id AND m.follow_up_due IS NOT NULL
SET m.follow_up_owner = $owner
RETURN m.id AS id

// name: follow_ups_rekey
// After a merge: follow-ups owned by the record merged away belong to the record kept, and an
// account linked to it is linked to the one kept.
// generation: kept
CALL () {
  MATCH ()-[m:ONE_TO_ONE]->() WHERE m.follow_up_owner = $drop
  SET m.follow_up_owner = $keep
  RETURN count(m) AS follow_ups
}
CALL () {
  MATCH (acc:Account) WHERE acc.person_id = $drop
  SET acc.person_id = $keep
  RETURN count(acc) AS accounts
}
RETURN follow_ups, accounts
