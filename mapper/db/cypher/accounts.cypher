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
RETURN a.email AS email, a.role AS role, a.active AS active, toString(a.created) AS created
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
