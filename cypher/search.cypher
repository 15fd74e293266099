// name: search_near
// Assets in a bounding box that pass the filters: those that show their address by their own
// location, those that hide it inside a wider box (the caller places them by area only).
// Distances and the exact radius are worked out by the caller in grid metres.
CALL () {
  MATCH (a:Asset)
  WHERE point.withinBBox(a.location, point({latitude: $south, longitude: $west}),
                         point({latitude: $north, longitude: $east}))
    AND coalesce(a.hide_address, false) = false
  RETURN a
  UNION
  MATCH (a:Asset)
  WHERE point.withinBBox(a.location, point({latitude: $hidden_south, longitude: $hidden_west}),
                         point({latitude: $hidden_north, longitude: $hidden_east}))
    AND a.hide_address = true
  RETURN a
}
WITH a
WHERE ($kind IS NULL OR $kind IN labels(a))
  AND ($language IS NULL OR any(l IN coalesce(a.languages, []) WHERE toLower(l) = $language))
  AND ($access IS NULL OR any(x IN coalesce(a.accessibility, []) WHERE toLower(x) CONTAINS $access))
  AND ($free IS NULL OR toLower(coalesce(a.cost, '')) = 'free')
  AND ($theme IS NULL OR EXISTS { (a)-[:ADDRESSES]->(:Theme {id: $theme}) })
OPTIONAL MATCH (a)-[:IN_AREA]->(area:Area)
WITH a, head(collect(area)) AS area
RETURN a.id AS id, a.name AS name,
       [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0] AS kind,
       a.description AS description, a.address AS address, a.postcode AS postcode,
       a.location.latitude AS lat, a.location.longitude AS lon,
       area.name AS area, area.code AS area_code,
       COLLECT { MATCH (a)-[:ADDRESSES]->(t:Theme) RETURN t.name ORDER BY t.name } AS themes,
       COLLECT { MATCH (a)-[:ADDRESSES]->(t:Theme) RETURN t.id ORDER BY t.name } AS theme_ids,
       coalesce(a.languages, []) AS languages, coalesce(a.accessibility, []) AS accessibility,
       a.cost AS cost, coalesce(a.opening, []) AS opening, a.contact AS contact,
       toString(a.last_checked) AS last_checked, coalesce(a.hide_address, false) AS hide_address,
       COLLECT { MATCH (o:Organisation)-[:RUNS]->(a) RETURN o.name ORDER BY o.name } AS run_by

// name: search_all
// Every asset that passes the filters (no place given): the map, exports and the feed.
// $ids, when given, keeps those assets only (a shortlist).
MATCH (a:Asset)
WHERE ($ids IS NULL OR a.id IN $ids)
  AND ($kind IS NULL OR $kind IN labels(a))
  AND ($language IS NULL OR any(l IN coalesce(a.languages, []) WHERE toLower(l) = $language))
  AND ($access IS NULL OR any(x IN coalesce(a.accessibility, []) WHERE toLower(x) CONTAINS $access))
  AND ($free IS NULL OR toLower(coalesce(a.cost, '')) = 'free')
  AND ($theme IS NULL OR EXISTS { (a)-[:ADDRESSES]->(:Theme {id: $theme}) })
OPTIONAL MATCH (a)-[:IN_AREA]->(area:Area)
WITH a, head(collect(area)) AS area
RETURN a.id AS id, a.name AS name,
       [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0] AS kind,
       a.description AS description, a.address AS address, a.postcode AS postcode,
       a.location.latitude AS lat, a.location.longitude AS lon,
       area.name AS area, area.code AS area_code,
       COLLECT { MATCH (a)-[:ADDRESSES]->(t:Theme) RETURN t.name ORDER BY t.name } AS themes,
       COLLECT { MATCH (a)-[:ADDRESSES]->(t:Theme) RETURN t.id ORDER BY t.name } AS theme_ids,
       coalesce(a.languages, []) AS languages, coalesce(a.accessibility, []) AS accessibility,
       a.cost AS cost, coalesce(a.opening, []) AS opening, a.contact AS contact,
       toString(a.last_checked) AS last_checked, coalesce(a.hide_address, false) AS hide_address,
       COLLECT { MATCH (o:Organisation)-[:RUNS]->(a) RETURN o.name ORDER BY o.name } AS run_by
ORDER BY a.name, a.id

// name: search_near_points
// The bench's in-database alternative: the same box, distance and order computed by Neo4j.
MATCH (a:Asset)
WHERE point.withinBBox(a.location, point({latitude: $south, longitude: $west}),
                       point({latitude: $north, longitude: $east}))
  AND ($kind IS NULL OR $kind IN labels(a))
  AND ($free IS NULL OR toLower(coalesce(a.cost, '')) = 'free')
  AND ($theme IS NULL OR EXISTS { (a)-[:ADDRESSES]->(:Theme {id: $theme}) })
WITH a, point.distance(a.location, point({latitude: $lat, longitude: $lon})) AS metres
WHERE metres <= $radius
RETURN a.id AS id, a.name AS name, a.opening AS opening, metres
ORDER BY metres

// name: directory_facets
// The values the filters may take: every language, access need and cost in the directory.
RETURN COLLECT { MATCH (a:Asset) UNWIND coalesce(a.languages, []) AS l RETURN DISTINCT l ORDER BY l } AS languages,
       COLLECT { MATCH (a:Asset) UNWIND coalesce(a.accessibility, []) AS x RETURN DISTINCT x ORDER BY x } AS accessibility,
       COLLECT { MATCH (a:Asset) WHERE a.cost IS NOT NULL RETURN DISTINCT a.cost AS c ORDER BY c } AS costs
