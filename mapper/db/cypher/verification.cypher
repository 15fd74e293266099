// name: flag_asset
// names: kept
// Record that someone thinks an entry is out of date. Returns nothing if there is no such asset.
MATCH (a:Asset {id: $asset_id})
CREATE (f:Flag {id: $id, reason: $reason, by: $by, created: datetime(), status: 'open'})-[:ABOUT]->(a)
RETURN f.id AS id

// name: open_flags
// Flags not yet dealt with, newest first, with the entry they are about.
MATCH (f:Flag)-[:ABOUT]->(a:Asset)
WHERE f.status = 'open'
RETURN f.id AS id, f.reason AS reason, f.by AS by, toString(f.created) AS created,
       a.id AS asset_id, a.name AS asset_name, toString(a.last_checked) AS last_checked
ORDER BY f.created DESC

// name: stale_assets
// Entries not verified since $before (or never).
MATCH (a:Asset)
WHERE a.last_checked IS NULL OR a.last_checked < $before
RETURN a.id AS id, a.name AS name, toString(a.last_checked) AS last_checked, a.contact AS contact
ORDER BY a.last_checked, a.name

// name: mark_verified
// names: kept
// An admin has checked the entry with its organisers: it is verified today and its open flags
// are closed.
MATCH (a:Asset {id: $asset_id})
SET a.last_checked = date($today), a.verified_by = $by
WITH a
OPTIONAL MATCH (f:Flag)-[:ABOUT]->(a)
WHERE f.status = 'open'
SET f.status = 'resolved', f.resolved = datetime(), f.resolved_by = $by
RETURN a.id AS id, count(f) AS closed

// name: dismiss_flag
// names: kept
MATCH (f:Flag {id: $id})
WHERE f.status = 'open'
SET f.status = 'dismissed', f.resolved = datetime(), f.resolved_by = $by
RETURN f.id AS id
