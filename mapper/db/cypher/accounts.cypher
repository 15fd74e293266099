// name: upsert_account
// A new password or role ends every session the account had open (its session ids are cleared).
// generation: kept
MERGE (a:Account {email: $email})
SET a.role = $role, a.password_hash = $password_hash, a.active = true,
    a.created = coalesce(a.created, datetime()),
    a.session_ids = []
RETURN a.email AS email, a.role AS role

// name: account_by_email
MATCH (a:Account {email: $email})
RETURN a.email AS email, a.role AS role, a.password_hash AS password_hash, a.active AS active

// name: account_by_token
MATCH (a:Account {token_hash: $token_hash})
WHERE a.active
RETURN a.email AS email, a.role AS role, a.active AS active

// name: set_account_token
// generation: kept
MATCH (a:Account {email: $email})
SET a.token_hash = $token_hash, a.token_created = datetime()
RETURN a.email AS email

// name: list_accounts
MATCH (a:Account)
OPTIONAL MATCH (p:Person {id: a.person_id})
RETURN a.email AS email, a.role AS role, a.active AS active, toString(a.created) AS created,
       a.person_id AS person_id, p.name AS person_name
ORDER BY a.role, a.email

// name: account_for_session
// The active account, if this session (its id's hash) is still one of the account's open sessions.
MATCH (a:Account {email: $email})
WHERE a.active AND $session_hash IN coalesce(a.session_ids, [])
RETURN a.email AS email, a.role AS role

// name: open_account_session
// Adds a session (its id's hash); the oldest fall away past the newest $keep.
// generation: kept
MATCH (a:Account {email: $email})
WHERE a.active
SET a.session_ids = ([$session_hash] + [s IN coalesce(a.session_ids, []) WHERE s <> $session_hash])[0..$keep]
RETURN a.email AS email

// name: close_account_session
// Signs one session out (the account's other sessions stay open).
// generation: kept
MATCH (a:Account {email: $email})
SET a.session_ids = [s IN coalesce(a.session_ids, []) WHERE s <> $session_hash]
RETURN a.email AS email

// name: deactivate_account
// No sign-in, no open session and no API token from now on (adding the account again reactivates it).
// generation: kept
MATCH (a:Account {email: $email})
SET a.active = false, a.session_ids = [], a.token_hash = null
RETURN a.email AS email

// name: account_person
// The person an account is (its link, set once), if any.
MATCH (a:Account {email: $email})
OPTIONAL MATCH (p:Person {id: a.person_id})
RETURN a.person_id AS person_id, p.name AS name, p.erased IS NOT NULL AS erased

// name: link_account_person
// Links an account to the person it is: only once (unless $replace, an admin's change), only to a
// person who exists and is not erased, and never to a person another account is already linked to.
// generation: kept
MATCH (a:Account {email: $email})
WHERE $replace OR a.person_id IS NULL
MATCH (p:Person {id: $person})
WHERE p.erased IS NULL AND NOT EXISTS { MATCH (o:Account) WHERE o.person_id = $person AND o <> a }
SET a.person_id = p.id
RETURN a.email AS email, p.id AS person_id

// name: unlink_account_person
// generation: kept
MATCH (a:Account {email: $email})
SET a.person_id = null
RETURN a.email AS email

// name: account_linked_to
// The account linked to a person, if any.
MATCH (a:Account) WHERE a.person_id = $person
RETURN a.email AS email

// name: set_account_role
// A new role without a new password; every open session ends at once (the token takes the new role).
// generation: kept
MATCH (a:Account {email: $email})
SET a.role = $role, a.session_ids = []
RETURN a.email AS email, a.role AS role

// name: reactivate_account
// The account may sign in again (its old sessions and token stay ended).
// generation: kept
MATCH (a:Account {email: $email})
SET a.active = true
RETURN a.email AS email
