// name: record_entry_change
// One change to a directory entry: who (an account, or an import), when, what (the fields from what
// to what, as JSON text), why (an optional note), and the entry as it stood after (for a restore).
CREATE (c:EntryChange {id: $change_id, entry: $entry, entry_kind: $entry_kind, version: $version,
                       at: datetime(), by: $by, action: $action, note: $note, changes: $changes,
                       snapshot: $snapshot})
RETURN c.id AS id

// name: entry_history
// Every change to an entry, newest first.
MATCH (c:EntryChange {entry: $entry})
RETURN c.id AS id, c.version AS version, toString(c.at) AS at, c.by AS by, c.action AS action, c.note AS note,
       c.changes AS changes
ORDER BY c.version DESC, c.at DESC

// name: entry_changes_since
// The changes made to an entry after a version (what a refused save missed).
MATCH (c:EntryChange {entry: $entry})
WHERE c.version > $version
RETURN c.version AS version, toString(c.at) AS at, c.by AS by, c.action AS action, c.changes AS changes
ORDER BY c.version

// name: entry_snapshot
// The entry as it stood after one version.
MATCH (c:EntryChange {entry: $entry, version: $version})
RETURN c.snapshot AS snapshot, c.entry_kind AS entry_kind

// name: open_flags_with_entries
// Open flags, oldest first, each with the entry it is about (the work queue shows them side by side).
MATCH (f:Flag)-[:ABOUT]->(a:Asset)
WHERE f.status = 'open'
RETURN f.id AS id, f.reason AS reason, f.by AS by, toString(f.created) AS created, a.id AS asset_id,
       a.name AS asset_name, toString(a.last_checked) AS last_checked
ORDER BY f.created

// name: flag_by_id
MATCH (f:Flag {id: $id})-[:ABOUT]->(a)
RETURN f.id AS id, f.reason AS reason, f.by AS by, toString(f.created) AS created, f.status AS status,
       a.id AS asset_id, a.name AS asset_name

// name: close_flag
// names: kept
// A steward fixed what a flag said (or found nothing to fix): closed, with a note.
MATCH (f:Flag {id: $id})
WHERE f.status = 'open'
SET f.status = $status, f.resolved = datetime(), f.resolved_by = $by, f.note = $note
RETURN f.id AS id

// name: create_suggestion
// names: kept
// A suggestion from the public (a correction to $entry, or a new entry when it is null). The
// suggester's contact, if given, is personal data: shown to stewards only, deleted with the
// suggestion once handled.
CREATE (s:Suggestion {id: $id, entry: $entry, created: datetime(), fields: $fields, message: $message,
                      contact: $contact})
RETURN s.id AS id

// name: open_suggestions
// Suggestions waiting for a steward, oldest first, with the entry they are about.
MATCH (s:Suggestion)
OPTIONAL MATCH (a:Asset {id: s.entry})
RETURN s.id AS id, s.entry AS entry, a.name AS entry_name, toString(s.created) AS created, s.fields AS fields,
       s.message AS message, s.contact AS contact
ORDER BY s.created

// name: suggestion_by_id
MATCH (s:Suggestion {id: $id})
RETURN s.id AS id, s.entry AS entry, toString(s.created) AS created, s.fields AS fields, s.message AS message,
       s.contact AS contact

// name: delete_suggestion
// names: kept
// A handled suggestion is deleted, the suggester's contact with it (what was accepted is in the
// entry's history, without the contact).
MATCH (s:Suggestion {id: $id})
DELETE s
RETURN $id AS id

// name: take_suggestion_turn
// generation: kept
// One suggestion from an address (kept only as $key, a hash of it): the times (seconds, the
// database's clock, so that every app process counts alike) of its suggestions in the last day,
// with this one added when it is under both limits. The count is locked before it is read, so app
// processes counting at once never both take the last turn. Not data the analyses read.
MERGE (r:SuggestionRate {key: $key})
SET r.locked = true
WITH r, datetime().epochMillis / 1000.0 AS now
WITH r, now, [t IN coalesce(r.times, []) WHERE t > now - $day] AS today
WITH r, now, today,
     size([t IN today WHERE t > now - $window]) < $per_window AND size(today) < $per_day AS allowed
SET r.times = CASE WHEN allowed THEN today + now ELSE today END, r.last = now
REMOVE r.locked
RETURN allowed, now, today

// name: forget_old_suggestion_turns
// generation: kept
// Counts of addresses that sent nothing for a day are no longer needed (a few at a time).
MATCH (r:SuggestionRate)
WHERE r.last < datetime().epochMillis / 1000.0 - $day
WITH r LIMIT 50
DELETE r
RETURN count(*) AS forgotten

// name: suggestion_turn_keys
// The counted addresses (hashes only) and how many suggestions each sent in the last day.
MATCH (r:SuggestionRate)
RETURN r.key AS key, size(r.times) AS today, r.last AS last
ORDER BY r.last DESC
LIMIT 1000

// name: forget_suggestion_turns
// generation: kept
// Every address's count forgotten (an admin's reset; tests).
MATCH (r:SuggestionRate)
DELETE r
RETURN count(*) AS forgotten

// name: suggestions_matching_contact
// Suggestions whose contact may hold this e-mail ($email, folded) or phone ($phones: patterns of
// its digits): a first filter that never misses (see mapper.privacy.text_match.search_terms);
// mapper.directory.suggesters then keeps those that truly hold it. For subject access and erasure.
MATCH (s:Suggestion)
WHERE s.contact IS NOT NULL
WITH s, toLower(s.contact) AS c
WHERE ($email IS NOT NULL AND c CONTAINS $email) OR any(p IN $phones WHERE c =~ p) OR c =~ $unusual
RETURN s.id AS id, s.entry AS entry, toString(s.created) AS created, s.fields AS fields, s.message AS message,
       s.contact AS contact
ORDER BY s.created

// name: delete_suggestions_by_id
// names: kept
// Suggestions deleted with the contact they hold (erasure by a suggester's contact).
MATCH (s:Suggestion)
WHERE s.id IN $ids
DELETE s
RETURN count(*) AS deleted

// name: record_import_conflict
// names: kept
// A field an import would have changed but a steward changed since: kept as the steward left it
// and listed for a steward to resolve (one per entry and field; a later import replaces it).
MERGE (c:ImportConflict {key: $entry + '|' + $field})
SET c.id = coalesce(c.id, $id), c.entry = $entry, c.field = $field, c.ours = $ours, c.theirs = $theirs,
    c.source = $source, c.at = datetime()
RETURN c.id AS id

// name: import_conflicts
MATCH (c:ImportConflict)
OPTIONAL MATCH (a:Asset {id: c.entry})
RETURN c.id AS id, c.entry AS entry, a.name AS entry_name, c.field AS field, c.ours AS ours,
       c.theirs AS theirs, c.source AS source, toString(c.at) AS at
ORDER BY c.at, c.entry, c.field

// name: import_conflict_by_id
MATCH (c:ImportConflict {id: $id})
RETURN c.id AS id, c.entry AS entry, c.field AS field, c.ours AS ours, c.theirs AS theirs, c.source AS source

// name: delete_import_conflict
// names: kept
MATCH (c:ImportConflict {id: $id})
DELETE c
RETURN $id AS id

// name: assets_by_ids_for_import
// The assets an import may update (live or retired), with what the import compares.
UNWIND $ids AS wanted
CALL (wanted) {
  MATCH (a:Asset {id: wanted}) RETURN a
  UNION MATCH (a:RetiredAsset {id: wanted}) RETURN a
}
RETURN a.id AS id, a:RetiredAsset AS retired
