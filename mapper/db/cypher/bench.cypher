// name: bench_people
// Synthetic people for benchmarks (into an empty benchmark database).
UNWIND $rows AS row
CREATE (p:Person {id: row.id, name: row.name, active: true, consent_named: false})

// name: bench_organisations
UNWIND $rows AS row
CREATE (o:Organisation {id: row.id, name: row.name})

// name: bench_assets
UNWIND $rows AS row
CREATE (a:Asset:ListeningHub {id: row.id, name: row.name})

// name: bench_areas
UNWIND $rows AS row
MERGE (a:Area {id: row.id}) SET a.name = row.name

// name: bench_in_area
UNWIND $rows AS row
MATCH (a:Area {id: row.area})
CALL (row, a) {
  MATCH (n:Person {id: row.id}) CREATE (n)-[:IN_AREA]->(a)
  UNION
  MATCH (n:Asset {id: row.id}) CREATE (n)-[:IN_AREA]->(a)
  UNION
  MATCH (n:Organisation {id: row.id}) CREATE (n)-[:IN_AREA]->(a)
}

// name: bench_one_to_ones
UNWIND $rows AS row
MATCH (a:Person {id: row.s}) MATCH (b:Person {id: row.t})
CREATE (a)-[:ONE_TO_ONE {id: row.id, date: row.date}]->(b)

// name: bench_attends
UNWIND $rows AS row
MATCH (a:Person {id: row.s}) MATCH (b:Asset {id: row.t})
CREATE (a)-[:ATTENDS]->(b)

// name: bench_member_of
UNWIND $rows AS row
MATCH (a:Person {id: row.s}) MATCH (b:Organisation {id: row.t})
CREATE (a)-[:MEMBER_OF]->(b)

// name: bench_org_runs
UNWIND $rows AS row
MATCH (a:Organisation {id: row.s}) MATCH (b:Asset {id: row.t})
CREATE (a)-[:RUNS]->(b)

// name: bench_partners
UNWIND $rows AS row
MATCH (a:Organisation {id: row.s}) MATCH (b:Organisation {id: row.t})
CREATE (a)-[:PARTNERS_WITH]->(b)

// name: bench_introduces
UNWIND $rows AS row
MATCH (a:Asset {id: row.s}) MATCH (b:Asset {id: row.t})
CREATE (a)-[:INTRODUCES_TO]->(b)
