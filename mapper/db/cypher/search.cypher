// name: search_near
// Assets near a point that pass the filters. Those that show their address: in a bounding box
// (the point index) and within a loose great-circle radius. Those that hide it: by their
// postcode district ($districts: the districts whose centre is in range; the caller places
// them at that centre). Exact distances and the radius are worked out by the caller in grid metres.
CALL () {
  MATCH (a:Asset)
  WHERE point.withinBBox(a.location, point({latitude: $south, longitude: $west}),
                         point({latitude: $north, longitude: $east}))
    AND point.distance(a.location, point({latitude: $lat, longitude: $lon})) <= $loose_radius
    AND coalesce(a.hide_address, false) = false
  RETURN a
  UNION
  MATCH (a:Asset)
  WHERE point.withinBBox(a.location, point({latitude: $hidden_south, longitude: $hidden_west}),
                         point({latitude: $hidden_north, longitude: $hidden_east}))
    AND a.hide_address = true
    AND split(toUpper(trim(coalesce(a.postcode, ''))), ' ')[0] IN $districts
  RETURN a
}
WITH a
WHERE ($kind IS NULL OR $kind IN labels(a))
  AND ($language IS NULL OR any(l IN coalesce(a.languages, []) WHERE toLower(l) = $language))
  AND ($access IS NULL OR any(x IN coalesce(a.accessibility, []) WHERE toLower(x) CONTAINS $access))
  AND ($free IS NULL OR toLower(coalesce(a.cost, '')) = 'free')
  AND ($theme IS NULL OR EXISTS { (a)-[:ADDRESSES]->(:Theme {id: $theme}) })
RETURN a.id AS id, a.name AS name, a.location.latitude AS lat, a.location.longitude AS lon,
       a.postcode AS postcode, coalesce(a.hide_address, false) AS hide_address,
       coalesce(a.opening, []) AS opening

// name: assets_by_ids
// The fields a directory shows, for the given asset ids (in no particular order).
UNWIND $ids AS wanted
MATCH (a:Asset {id: wanted})
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

// name: delete_assets_with_prefix
// The bench's own generated assets, removed afterwards (ids starting with $prefix).
MATCH (a:Asset)
WHERE a.id STARTS WITH $prefix
DETACH DELETE a
RETURN count(*) AS deleted


// name: map_points
// Every asset that passes the filters, with only what a map marker needs (fast for thousands).
MATCH (a:Asset)
WHERE ($kind IS NULL OR $kind IN labels(a))
  AND ($language IS NULL OR any(l IN coalesce(a.languages, []) WHERE toLower(l) = $language))
  AND ($access IS NULL OR any(x IN coalesce(a.accessibility, []) WHERE toLower(x) CONTAINS $access))
  AND ($free IS NULL OR toLower(coalesce(a.cost, '')) = 'free')
  AND ($theme IS NULL OR EXISTS { (a)-[:ADDRESSES]->(:Theme {id: $theme}) })
RETURN a.id AS id, a.name AS name,
       [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0] AS kind,
       a.postcode AS postcode, a.location.latitude AS lat, a.location.longitude AS lon,
       coalesce(a.opening, []) AS opening, coalesce(a.hide_address, false) AS hide_address

// name: support_points
// Where the assets of the given kinds that pass the filters are: the coverage gaps' points as they
// were read before the directory held in the process gave them (tests/oracles/directory_queries).
MATCH (a:Asset)
WHERE any(l IN labels(a) WHERE l IN $kinds)
  AND ($language IS NULL OR any(l IN coalesce(a.languages, []) WHERE toLower(l) = $language))
  AND ($access IS NULL OR any(x IN coalesce(a.accessibility, []) WHERE toLower(x) CONTAINS $access))
  AND ($free IS NULL OR toLower(coalesce(a.cost, '')) = 'free')
  AND ($theme IS NULL OR EXISTS { (a)-[:ADDRESSES]->(:Theme {id: $theme}) })
RETURN a.location.latitude AS lat, a.location.longitude AS lon, a.postcode AS postcode,
       coalesce(a.hide_address, false) AS hide_address, coalesce(a.opening, []) AS opening

// name: directory_catalogue
// Every asset with the fields a directory shows (as search_all gives them, in its order) and its
// labels: the directory held in each app process until the next write (mapper.directory.catalogue).
// One record holding every asset's list of values (in catalogue.COLUMNS's order): the driver reads
// one long record much faster than 10,000 short ones.
MATCH (a:Asset)
OPTIONAL MATCH (a)-[:IN_AREA]->(area:Area)
WITH a, head(collect(area)) AS area
ORDER BY a.name, a.id
RETURN collect([a.id, a.name,
       [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0],
       a.description, a.address, a.postcode,
       a.location.latitude, a.location.longitude,
       area.name, area.code,
       COLLECT { MATCH (a)-[:ADDRESSES]->(t:Theme) RETURN t.name ORDER BY t.name },
       COLLECT { MATCH (a)-[:ADDRESSES]->(t:Theme) RETURN t.id ORDER BY t.name },
       coalesce(a.languages, []), coalesce(a.accessibility, []),
       a.cost, coalesce(a.opening, []), a.contact,
       toString(a.last_checked), coalesce(a.hide_address, false),
       COLLECT { MATCH (o:Organisation)-[:RUNS]->(a) RETURN o.name ORDER BY o.name },
       labels(a)]) AS rows

// name: served_area_codes
// The areas the network serves unless a list is configured: those with an active person or a live
// asset in them (codes only: which areas, never who or how many).
MATCH (area:Area)
WHERE area.code IS NOT NULL
  AND (EXISTS { MATCH (area)<-[:IN_AREA]-(p:Person) WHERE coalesce(p.active, true) AND p.erased IS NULL }
       OR EXISTS { (area)<-[:IN_AREA]-(:Asset) })
RETURN area.code AS code ORDER BY code
