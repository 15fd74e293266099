"""Staff accounts: hashed passwords, roles, and personal API tokens (stored only as hashes)."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from mapper.accounts import passwords
from mapper.accounts.roles import ROLES
from mapper.db.store import Store

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = passwords.MIN_LENGTH
# A dummy hash so that a sign-in for an unknown email costs as much as one for a known email.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    """A bad email, role or password; the message says which and why."""


@dataclass(frozen=True)
class Account:
    email: str
    role: str


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"'{email}' is not an email address")
    return email


def check_password(password: str, email: str | None = None) -> None:
    """Refuse a short or common password (see ``mapper.passwords``); every way of creating an account calls this."""
    problem = passwords.problem(password, email)
    if problem:
        raise AccountError(problem)


def add(store: Store, email: str, role: str, password: str) -> Account:
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"unknown role '{role}': choose one of {', '.join(ROLES)}")
    check_password(password, email)
    row = store.write("upsert_account", email=email, role=role, password_hash=generate_password_hash(password))[0]
    return Account(row["email"], row["role"])


def authenticate(store: Store, email: str, password: str) -> Account | None:
    try:
        email = normalise_email(email)
    except AccountError:
        return None
    row = store.read_one("account_by_email", email=email)
    if row is None or not row["active"]:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(row["password_hash"], password or ""):
        return None
    return Account(row["email"], row["role"])


def find(store: Store, email: str) -> Account | None:
    row = store.read_one("account_by_email", email=email)
    if row is None or not row["active"]:
        return None
    return Account(row["email"], row["role"])


# Sessions open at once per account (browsers, devices); signing in on one more signs the oldest out.
MAX_SESSIONS = 10


def open_session(store: Store, email: str) -> str:
    """A new session id for a signed-in account (kept on the account as a hash); None if inactive."""
    session_id = secrets.token_urlsafe(24)
    found = store.write("open_account_session", email=email, session_hash=hash_token(session_id),
                        keep=MAX_SESSIONS)
    return session_id if found else None


def close_session(store: Store, email: str, session_id: str) -> None:
    """Sign one session out: its id no longer opens the account."""
    store.write("close_account_session", email=email, session_hash=hash_token(session_id))


def for_session(store: Store, email: str, session_id) -> Account | None:
    """The account of a session that is still open (not signed out, not ended by a new password, a
    new role or deactivation); None otherwise."""
    if not isinstance(email, str) or not isinstance(session_id, str) or not session_id:
        return None
    row = store.read_one("account_for_session", email=email, session_hash=hash_token(session_id))
    return Account(row["email"], row["role"]) if row else None


def deactivate(store: Store, email: str) -> bool:
    """Stop the account signing in; its open sessions and API token end at once. False: no such account."""
    return bool(store.write("deactivate_account", email=normalise_email(email)))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(store: Store, email: str) -> str:
    """Issue a new personal API token (replacing any earlier one) and return it; only its hash is kept."""
    email = normalise_email(email)
    token = "cm_" + secrets.token_urlsafe(32)
    if not store.write("set_account_token", email=email, token_hash=hash_token(token)):
        raise AccountError(f"no account for {email}")
    return token


def by_token(store: Store, token: str) -> Account | None:
    row = store.read_one("account_by_token", token_hash=hash_token(token))
    return Account(row["email"], row["role"]) if row else None


def listing(store: Store) -> list[dict]:
    """Every account (email, role, whether active), for the admins' page."""
    return store.read("list_accounts")
