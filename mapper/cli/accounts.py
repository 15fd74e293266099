"""Accounts and personal API tokens: `mapper user add|token`."""
from __future__ import annotations

import getpass
import sys

import click

from mapper.accounts import users as accounts
from mapper.accounts.roles import ROLES
from mapper.cli.base import friendly, main, open_store


# ---- Accounts --------------------------------------------------------------------------------
@main.group()
def user():
    """Accounts and personal API tokens."""


@user.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@friendly
def user_add(email, role, password_stdin):
    """Create or update an account (the password is asked for, or read from stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise click.ClickException("the two passwords differ")
    with open_store() as store:
        account = accounts.add(store, email, role, password)
    click.echo(f"Account {account.email} saved with role {account.role}.")


@user.command("token")
@click.argument("email")
@friendly
def user_token(email):
    """Print a new personal API token (send it as 'Authorization: Bearer ...')."""
    with open_store() as store:
        click.echo(accounts.new_token(store, email))


@user.command("deactivate")
@click.argument("email")
@friendly
def user_deactivate(email):
    """Stop an account signing in; its open sessions and API token end at once ('user add' reactivates it)."""
    with open_store() as store:
        if not accounts.deactivate(store, email):
            raise click.ClickException(f"no account for {email}")
    click.echo(f"Account {email} deactivated.")
