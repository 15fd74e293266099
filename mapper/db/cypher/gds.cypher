// name: gds_version
// The OpenGDS version, where the server has the plugin (an error where it has not).
RETURN gds.version() AS version

// name: gds_relationship_types
// The relationship types the database holds (GDS refuses to project a type it has never seen).
CALL db.relationshipTypes() YIELD relationshipType
RETURN collect(relationshipType) AS types

// name: gds_project_network
// The network in GDS's memory under the name $graph: people, organisations and assets, joined by
// the tie and 1:1 types in $relationships (a map from the allow-list, each
// {orientation: 'UNDIRECTED', aggregation: 'SINGLE'}: each pair once, both ways, all ties live).
CALL gds.graph.project($graph, ['Person', 'Organisation', 'Asset'], $relationships)
YIELD nodeCount, relationshipCount
RETURN nodeCount AS nodes, relationshipCount AS relationships

// name: gds_components
// How many connected components the projected graph $graph has.
CALL gds.wcc.stats($graph) YIELD componentCount
RETURN componentCount AS components

// name: gds_articulation_points
// The single points of failure (articulation points) of the projected graph $graph, by id.
CALL gds.articulationPoints.stream($graph) YIELD nodeId
RETURN collect(gds.util.asNode(nodeId).id) AS ids

// name: gds_bridges
// How many bridges (ties whose loss splits the network) the projected graph $graph has.
CALL gds.bridges.stream($graph) YIELD from
RETURN count(*) AS bridges

// name: gds_clusters
// Leiden communities of the projected graph $graph (the report's clusters), counted.
CALL gds.leiden.stream($graph, {randomSeed: $seed, concurrency: 1}) YIELD communityId
RETURN count(DISTINCT communityId) AS clusters

// name: gds_brokers
// The $top nodes of highest betweenness in the projected graph $graph, estimated from $samples
// sources (as the report's brokers are above its sampling threshold).
CALL gds.betweenness.stream($graph, {samplingSize: $samples, samplingSeed: $seed})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score ORDER BY score DESC LIMIT $top

// name: gds_drop
// Let the projected graph $graph go (no error when there is none).
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName
