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
// Every person, organisation and asset as one list of rows (one record: fast to pull in bulk):
// [id, kind, name, area, named, roles, themes they champion or an asset addresses, lat, lon].
MATCH (n)
WHERE (n:Person AND coalesce(n.active, true)) OR n:Organisation OR n:Asset
OPTIONAL MATCH (n)-[:IN_AREA]->(area:Area)
RETURN collect([n.id,
       CASE WHEN n:Person THEN 'person' WHEN n:Asset THEN 'asset' ELSE 'organisation' END,
       n.name, area.name, coalesce(n.consent_named, false),
       [l IN labels(n) WHERE l IN ['Organiser', 'Champion', 'PeerSupporter', 'ListeningHub', 'Hub',
                                   'PeerSupportGroup']],
       COLLECT { MATCH (n)-[:CHAMPIONS|ADDRESSES]->(t:Theme) RETURN t.id },
       n.location.latitude, n.location.longitude]) AS rows

// name: network_ties
// Every relationship that links people, organisations and assets, other than 1:1s, as one list
// of rows [source, target, type, since].
MATCH (a)-[r:MEMBER_OF|RUNS|VOLUNTEERS_AT|ATTENDS|PARTNERS_WITH|INTRODUCES_TO]->(b)
WHERE NOT (a:Person AND NOT coalesce(a.active, true)) AND NOT (b:Person AND NOT coalesce(b.active, true))
RETURN collect([a.id, b.id, type(r), r.since]) AS rows

// name: network_one_to_ones
// Every 1:1 between two active people, as columns (one record: fast to pull in bulk); dates as
// yyyymmdd numbers (0 when unknown) and the theme ids raised.
MATCH (a:Person)-[m:ONE_TO_ONE]->(b:Person)
WHERE coalesce(a.active, true) AND coalesce(b.active, true)
RETURN collect(a.id) AS sources, collect(b.id) AS targets,
       collect(coalesce(m.date.year * 10000 + m.date.month * 100 + m.date.day, 0)) AS dates,
       collect(coalesce(m.themes, [])) AS themes
