// name: upsert_account
// generation: kept
MERGE (a:Account {email: $email})
SET a.role = $role, a.password_hash = $password_hash, a.active = true,
    a.created = coalesce(a.created, datetime())
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
