// The state that several app processes behind a load balancer share: CSV import jobs
// (mapper.organising.import_jobs) and failed sign-ins (mapper.accounts.sign_in_limits). None of it
// is data the analyses read.

// name: create_import_job
// generation: kept
// An uploaded CSV checked clean and kept (in the shared imports folder) until its owner confirms it.
CREATE (j:ImportJob {id: $id, owner: $owner, state: 'previewed', done: 0, total: 0, message: '',
                     created: datetime(), updated: datetime()})
RETURN j.id AS id

// name: import_job
// A job as its owner sees it; stale: seconds since the process running it last said it was alive.
MATCH (j:ImportJob {id: $id})
WHERE j.owner = $owner
RETURN j.state AS state, j.done AS done, j.total AS total, j.message AS message, j.result AS result,
       duration.inSeconds(j.updated, datetime()).seconds AS stale

// name: claim_import_job
// generation: kept
// The owner's confirmation: a job still waiting becomes 'checking' for exactly one confirmation,
// whichever process receives it (the job is locked before its state is read).
MATCH (j:ImportJob {id: $id})
WHERE j.owner = $owner
SET j.locked = true
WITH j, j.state = 'previewed' AS claimed
SET j.state = CASE WHEN claimed THEN 'checking' ELSE j.state END,
    j.message = CASE WHEN claimed THEN $message ELSE j.message END,
    j.updated = CASE WHEN claimed THEN datetime() ELSE j.updated END
REMOVE j.locked
RETURN claimed

// name: update_import_job
// generation: kept
// The running import's progress or outcome ($changes: state, done, total, message, result), and a
// sign that its process is alive.
MATCH (j:ImportJob {id: $id})
SET j += $changes, j.updated = datetime()
RETURN j.state AS state

// name: forget_old_import_jobs
// generation: kept
// Jobs untouched for a day are no longer needed (a few at a time).
MATCH (j:ImportJob)
WHERE j.updated < datetime() - duration({days: 1})
WITH j LIMIT 50
DELETE j
RETURN count(*) AS forgotten

// name: record_sign_in_failure
// generation: kept
// One failed sign-in counted under each of $keys (hashes of the account and address, and of the
// address), at $now or the database's clock (seconds); older than $window seconds are dropped. Each
// count is locked before it is read, so processes counting at once never lose one.
UNWIND $keys AS key
MERGE (f:SignInFailures {key: key})
SET f.locked = true
WITH f, coalesce($now, datetime().epochMillis / 1000.0) AS now
SET f.times = [t IN coalesce(f.times, []) WHERE t > now - $window] + now, f.last = now
REMOVE f.locked
RETURN count(*) AS counted

// name: sign_in_failures
// The failed sign-ins counted under $keys within $window seconds of $now (or the database's clock).
WITH coalesce($now, datetime().epochMillis / 1000.0) AS now
UNWIND $keys AS key
OPTIONAL MATCH (f:SignInFailures {key: key})
RETURN key, now, [t IN coalesce(f.times, []) WHERE t > now - $window] AS times

// name: clear_sign_in_failures
// generation: kept
// A successful sign-in clears its account's count from that address.
MATCH (f:SignInFailures {key: $key})
DELETE f
RETURN count(*) AS cleared

// name: forget_old_sign_in_failures
// generation: kept
// Counts with no failure within $window seconds are no longer needed (a few at a time).
MATCH (f:SignInFailures)
WHERE f.last < coalesce($now, datetime().epochMillis / 1000.0) - $window
WITH f LIMIT 50
DELETE f
RETURN count(*) AS forgotten

// name: forget_sign_in_failures
// generation: kept
// Every count forgotten (an admin's reset after a false alarm; tests).
MATCH (f:SignInFailures)
DELETE f
RETURN count(*) AS forgotten
