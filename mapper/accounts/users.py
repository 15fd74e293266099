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


def set_role(store: Store, email: str, role: str) -> Account:
    """Change an account's role without touching its password; its open sessions end at once."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"unknown role '{role}': choose one of {', '.join(ROLES)}")
    rows = store.write("set_account_role", email=email, role=role)
    if not rows:
        raise AccountError(f"no account for {email}")
    return Account(rows[0]["email"], rows[0]["role"])


def reactivate(store: Store, email: str) -> bool:
    """Let a deactivated account sign in again (its ended sessions stay ended). False: no such account."""
    return bool(store.write("reactivate_account", email=normalise_email(email)))


# ---- the person an account is -------------------------------------------------------------------
def linked_person(store: Store, email: str) -> str | None:
    """The id of the person this account is (set once), or None; an erased person is no one."""
    row = store.read_one("account_person", email=email)
    if row is None or not row["person_id"] or row["erased"] or row["name"] is None:
        return None
    return row["person_id"]


def link_person(store: Store, email: str, person_id: str, replace: bool = False) -> None:
    """Link an account to the person it is. Set once by its holder (``replace``: an admin changing
    it); refused for a person who does not exist, is erased, or is another account's."""
    if not person_id:
        if replace:
            store.write("unlink_account_person", email=email)
            return
        raise AccountError("Choose a person.")
    other = store.read_one("account_linked_to", person=person_id)
    if other and other["email"] != email:
        raise AccountError("Another account is already linked to this person.")
    if not store.write("link_account_person", email=email, person=person_id, replace=replace):
        if not replace and linked_person(store, email):
            raise AccountError("This account is already linked to a person; an admin can change it.")
        raise AccountError("No such person (or the record was erased).")


def find_any(store: Store, email: str) -> Account | None:
    """An account whether active or not (for admins)."""
    try:
        email = normalise_email(email)
    except AccountError:
        return None
    row = store.read_one("account_by_email", email=email)
    return Account(row["email"], row["role"]) if row else None
