// name: people_page_search
// One page of active people whose names match $lucene (escaped terms), best match first, with
// their area, roles and how many 1:1s (never contact details).
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()  // name_search is eventually consistent: wait for the last commits
CALL db.index.fulltext.queryNodes('name_search', $lucene) YIELD node, score
WITH node AS p, score
WHERE p:Person AND coalesce(p.active, true)
OPTIONAL MATCH (p)-[:IN_AREA]->(area:Area)
RETURN p.id AS id, p.name AS name, area.name AS area,
       [l IN labels(p) WHERE l IN ['Organiser', 'Champion', 'PeerSupporter']] AS roles,
       COUNT { (p)-[:ONE_TO_ONE]-() } AS one_to_ones
ORDER BY score DESC, name, id
SKIP $skip LIMIT $limit

// name: count_active_people
MATCH (p:Person) WHERE coalesce(p.active, true) RETURN count(p) AS people

// name: my_people_page
// One page of the people an organiser has met, most recently met first.
MATCH (me:Person {id: $id})-[m:ONE_TO_ONE]-(other:Person)
WITH other, count(m) AS meetings, max(m.date) AS last
OPTIONAL MATCH (other)-[:IN_AREA]->(area:Area)
RETURN other.id AS id, other.name AS name, area.name AS area, meetings, toString(last) AS last
ORDER BY last DESC, name, id
SKIP $skip LIMIT $limit
