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
