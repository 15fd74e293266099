// name: audit_append
// Appends audit entries (one per person per event). The audit trail has no query that changes
// or deletes an entry: entries are only ever created. They hold a person's id, never a name,
// contact detail or note.
// generation: kept
UNWIND $rows AS row
CREATE (e:AuditEntry {id: row.id, event: row.event, at: datetime(), actor: row.actor, action: row.action,
                      person: row.person, via: row.via, detail: row.detail})
RETURN count(e) AS written

// name: audit_entries
// Audit entries, newest first, filtered by person ids, account, action and a time range (each
// filter is skipped when null), one page at a time.
MATCH (e:AuditEntry)
WHERE ($people IS NULL OR e.person IN $people)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($action IS NULL OR e.action = $action)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
RETURN e.id AS id, e.event AS event, toString(e.at) AS at, e.actor AS actor, e.action AS action,
       e.person AS person, e.via AS via, e.detail AS detail
ORDER BY e.at DESC, e.id DESC
SKIP $skip LIMIT $limit

// name: audit_count
// How many audit entries the same filters as audit_entries match.
MATCH (e:AuditEntry)
WHERE ($people IS NULL OR e.person IN $people)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($action IS NULL OR e.action = $action)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
RETURN count(e) AS total

// name: audit_accounts
// The accounts that appear in the audit trail, for the filter's list.
MATCH (e:AuditEntry)
RETURN DISTINCT e.actor AS actor
ORDER BY actor
