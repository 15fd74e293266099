// name: people_by_area
// People in the network per area (those with no area under null).
MATCH (p:Person)
OPTIONAL MATCH (p)-[:IN_AREA]->(a:Area)
RETURN a.name AS area, count(p) AS people
ORDER BY people DESC

// name: assets_by_kind
MATCH (a:Asset)
RETURN [l IN labels(a) WHERE l IN ['ListeningHub', 'Hub', 'PeerSupportGroup']][0] AS kind, count(a) AS assets
ORDER BY kind

// name: one_to_ones_by_year
MATCH ()-[m:ONE_TO_ONE]->()
RETURN m.date.year AS year, count(m) AS meetings
ORDER BY year

// name: network_nodes
// Every person (active), organisation and asset, in the order of their internal ids, as parallel
// lists in one record (lean to pull in bulk): internal id (to match the other network_* queries
// of the same read transaction, never kept), id, kind (0 person, 1 organisation, 2 asset), name,
// whether the Collaborative may see the name; then, only for the nodes that have them, their role
// and kind labels; [internal id, latitude, longitude] of those with a location (one list a node:
// a point without a latitude leaves no gap). An asset that hides its address gives no location,
// only its postcode district: its stored point never leaves the database for the analytics.
CALL () {
  MATCH (n:Person) WHERE coalesce(n.active, true) RETURN n
  UNION
  MATCH (n:Organisation) RETURN n
  UNION
  MATCH (n:Asset) RETURN n
}
WITH n ORDER BY id(n)
WITH n, [l IN labels(n) WHERE l IN ['Organiser', 'Champion', 'PeerSupporter', 'ListeningHub', 'Hub',
                                    'PeerSupportGroup']] AS roles,
     coalesce(n.hide_address, false) AS hidden
WITH n, roles, CASE WHEN hidden THEN null ELSE n.location END AS location,
     CASE WHEN hidden THEN split(trim(coalesce(n.postcode, '')), ' ')[0] END AS district
RETURN collect(id(n)) AS nodes, collect(n.id) AS ids,
       collect(CASE WHEN n:Person THEN 0 WHEN n:Asset THEN 2 ELSE 1 END) AS kinds,
       collect(n.name) AS names, collect(coalesce(n.consent_named, false)) AS named,
       collect(CASE WHEN roles <> [] THEN id(n) END) AS role_nodes,
       collect(CASE WHEN roles <> [] THEN roles END) AS roles,
       collect(CASE WHEN location IS NOT NULL THEN [id(n), location.latitude, location.longitude] END) AS located,
       collect(CASE WHEN district IS NOT NULL THEN id(n) END) AS hidden,
       collect(CASE WHEN district IS NOT NULL THEN district END) AS districts

// name: network_node_details
// The areas of the network's nodes and the themes they champion (people) or address (assets),
// by internal id (of the same read transaction as network_nodes), as parallel lists in one record.
CALL () {
  MATCH (n)-[:IN_AREA]->(area:Area)
  RETURN collect(id(n)) AS in_area, collect(area.name) AS areas
}
CALL () {
  MATCH (n)-[:CHAMPIONS|ADDRESSES]->(t:Theme)
  RETURN collect(id(n)) AS with_theme, collect(t.id) AS themes
}
RETURN in_area, areas, with_theme, themes

// name: network_ties
// Every relationship that links people, organisations and assets, other than 1:1s, as parallel
// lists in one record: internal ids of both ends (see network_nodes), type, and since as a
// yyyymmdd number (0 when not known).
MATCH (a)-[r:MEMBER_OF|RUNS|VOLUNTEERS_AT|ATTENDS|PARTNERS_WITH|INTRODUCES_TO]->(b)
WITH a, b, r, r.since AS since
RETURN collect(id(a)) AS sources, collect(id(b)) AS targets, collect(type(r)) AS types,
       collect(coalesce(since.year * 10000 + since.month * 100 + since.day, 0)) AS since

// name: network_one_to_ones
// Every 1:1 between two people as parallel lists in one record (lean to pull in bulk): internal
// ids of both people (see network_nodes) and the date as a yyyymmdd number (0 when not known);
// then, only for the 1:1s that raised themes, the internal ids of both people and the theme ids.
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
WITH id(a) AS a, id(b) AS b, m.date AS day, m.themes AS themes
RETURN collect(a) AS sources, collect(b) AS targets,
       collect(coalesce(day.year * 10000 + day.month * 100 + day.day, 0)) AS dates,
       collect(CASE WHEN size(themes) > 0 THEN [a, b] END) AS themed,
       collect(CASE WHEN size(themes) > 0 THEN themes END) AS themes

// name: trend_months
// The trend's stored months for one live window, by month-end day (see mapper.network.trend_months).
MATCH (m:TrendMonth)
WHERE m.live_months = $live_months AND m.day IN $days
RETURN m.day AS day, m.fingerprint AS fingerprint, m.people_at_risk AS people_at_risk,
       m.single_points AS single_points, m.isolated_people AS isolated_people, m.live_links AS live_links

// name: save_trend_months
// Months of the trend recomputed after a change touched them. Derived figures, not data.
// generation: kept
UNWIND $rows AS row
MERGE (m:TrendMonth {key: toString($live_months) + '|' + row.day})
SET m.live_months = $live_months, m.day = row.day, m.fingerprint = row.fingerprint,
    m.people_at_risk = row.people_at_risk, m.single_points = row.single_points,
    m.isolated_people = row.isolated_people, m.live_links = row.live_links
RETURN count(m) AS saved
