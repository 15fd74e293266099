// name: list_assets
// Every asset with the fields a directory shows; optionally one kind and one theme.
MATCH (a:Asset)
WHERE ($kind IS NULL OR $kind IN labels(a))
OPTIONAL MATCH (a)-[:IN_AREA]->(area:Area)
OPTIONAL MATCH (a)-[:ADDRESSES]->(t:Theme)
WITH a, area, collect(t.name) AS themes, collect(t.id) AS theme_ids
WHERE $theme IS NULL OR $theme IN theme_ids
RETURN a.id AS id, a.name AS name,
       [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0] AS kind,
       a.description AS description, a.address AS address, a.postcode AS postcode,
       a.location.latitude AS lat, a.location.longitude AS lon,
       area.name AS area, area.code AS area_code, themes,
       a.languages AS languages, a.accessibility AS accessibility, a.cost AS cost,
       a.opening AS opening, a.contact AS contact, toString(a.last_checked) AS last_checked,
       coalesce(a.hide_address, false) AS hide_address
ORDER BY a.name

// name: list_themes
MATCH (t:Theme) RETURN t.id AS id, t.name AS name ORDER BY t.name

// name: list_areas
MATCH (a:Area) RETURN a.id AS id, a.name AS name, a.code AS code ORDER BY a.name
