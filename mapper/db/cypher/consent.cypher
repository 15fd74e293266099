// name: consent_current
// A person's consent as it stands now (and whether the record is an erased placeholder).
MATCH (p:Person {id: $id})
RETURN p.id AS id, coalesce(p.consent_recorded, false) AS recorded, coalesce(p.consent_named, false) AS named,
       coalesce(p.consent_contact, false) AS contact, toString(p.consent_date) AS date,
       p.erased IS NOT NULL AS erased, coalesce(p.merged_from, []) AS merged_from

// name: consent_history
// Every dated consent change kept for these person ids (a person and the records merged into
// them), newest first.
MATCH (c:ConsentChange)
WHERE c.person IN $ids
RETURN c.id AS id, c.person AS person, c.scope AS scope, c.given AS given, toString(c.date) AS date,
       toString(c.at) AS at, c.by AS by, c.via AS via, c.source AS source
ORDER BY c.at DESC, c.id DESC

// name: consent_set
// A person's current consent for every scope, and the date consent was last given.
MATCH (p:Person {id: $id})
WHERE p.erased IS NULL
SET p.consent_recorded = $recorded, p.consent_named = $named, p.consent_contact = $contact,
    p.consent_date = coalesce($given_date, p.consent_date), p.updated = date()
RETURN p.id AS id

// name: consent_log
// Appends dated consent changes: one row per scope given or withdrawn.
UNWIND $rows AS row
CREATE (c:ConsentChange {id: row.id, person: row.person, scope: row.scope, given: row.given, date: row.date,
                         at: datetime(), by: row.by, via: row.via, source: row.source})
RETURN count(c) AS logged

// name: consent_rekey
// After a merge, the consent history of the record merged away belongs to the person kept.
MATCH (c:ConsentChange {person: $drop})
SET c.person = $keep, c.merged_from = $drop
RETURN count(c) AS moved
