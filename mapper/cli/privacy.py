"""Privacy commands: `mapper erase`, `mapper subject-access`, `mapper consent` and `mapper audit`."""
from __future__ import annotations

import os
import sys

import click

from mapper.cli.base import friendly, main, open_store


@main.command("erase")
@click.argument("person_id", required=False)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--reapply", is_flag=True, help="Erase again everyone erased here before (after restoring an older backup).")
@friendly
def erase_cmd(person_id, yes, reapply):
    """Carry out an erasure: the person becomes an anonymous placeholder and their name, contact
    details and notes are removed from the whole graph (cannot be undone)."""
    from mapper.privacy import audit, erasure

    if reapply:
        with open_store() as store:
            again = erasure.reapply(store, audit.cli_actor())
        click.echo(f"Erased again: {len(again)} {'person' if len(again) == 1 else 'people'}"
                   + (f" ({', '.join(again)})" if again else "") + ".")
        return
    if not person_id:
        raise click.UsageError("give a PERSON_ID (or --reapply)")
    if not yes:
        click.confirm(f"Erase {person_id}? Their name, contact details and notes go for good", abort=True)
    with open_store() as store:
        try:
            done = erasure.erase(store, person_id, audit.cli_actor(), via="cli")
        except erasure.NoSuchPerson:
            raise click.ClickException(f"no person with id {person_id}") from None
        except erasure.ErasureError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Erased {person_id}: an anonymous placeholder keeps {done.one_to_ones} 1:1s and "
               f"{done.relationships} other links (no notes, dates only); {done.texts_redacted} texts elsewhere "
               f"redacted; {done.import_files_removed} uploaded files removed.")
    if done.account_with_same_email:
        click.echo("Note: an account signs in with this person's email; remove it with the admin page if asked.")


@main.command("subject-access")
@click.argument("person_id")
@click.option("-o", "--output", "output", default="-", show_default=True,
              help="File to write (mode 0600), or - for standard output.")
@friendly
def subject_access_cmd(person_id, output):
    """Export everything held about one person as JSON (recorded in the audit trail)."""
    from mapper.privacy import audit, subject_access

    with open_store() as store:
        try:
            document = subject_access.export(store, person_id, audit.cli_actor(), via="cli")
        except subject_access.NoSuchPerson:
            raise click.ClickException(f"no person with id {person_id}") from None
    text = subject_access.to_json(document)
    if output == "-":
        click.echo(text)
        return
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    counts = subject_access.summary(document)
    click.echo(f"Wrote {output}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()), err=True)


@main.command("consent")
@click.argument("person_id")
@click.option("--give", "give", type=click.Choice(["recorded", "named", "contact"]), help="Record consent given.")
@click.option("--withdraw", type=click.Choice(["recorded", "named", "contact"]), help="Record consent withdrawn.")
@click.option("--date", "day", default="", help="When the person said so (YYYY-MM-DD; today by default).")
@friendly
def consent_cmd(person_id, give, withdraw, day):
    """Show a person's consent, or record it given or withdrawn (dated)."""
    from mapper.privacy import audit, consent

    if give and withdraw:
        raise click.UsageError("give one of --give or --withdraw")
    with open_store() as store:
        if give or withdraw:
            try:
                state = consent.change(store, person_id, give or withdraw, bool(give), day, audit.cli_actor(),
                                       via="cli", source="cli")
            except consent.NoSuchPerson:
                raise click.ClickException(f"no person with id {person_id}") from None
            except consent.ConsentError as exc:
                raise click.ClickException(str(exc)) from None
        else:
            state = consent.status(store, person_id)
            if state is None:
                raise click.ClickException(f"no person with id {person_id}")
    for scope, s in state["scopes"].items():
        when = f"given {s['given_on']}" if s["given"] and s["given_on"] else \
            (f"withdrawn {s['withdrawn_on']}" if s["withdrawn_on"] else "")
        click.echo(f"{s['words']:<28} {'yes' if s['given'] else 'no':<4} {when}")
    if state["erasure_pending"]:
        click.echo("An erasure request is waiting for an admin (mapper erase ID --yes).")


@main.command("audit")
@click.option("--person", default="", help="A person's id.")
@click.option("--account", default="", help="An account's email.")
@click.option("--action", default="", help="One action (e.g. viewed, edited, erased).")
@click.option("--from", "date_from", default="", help="From this date (YYYY-MM-DD).")
@click.option("--to", "date_to", default="", help="To this date, inclusive.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@friendly
def audit_cmd(person, account, action, date_from, date_to, limit):
    """Print the audit trail, newest first, as tab-separated lines."""
    from mapper.privacy import audit

    filters, errors = audit.parse_filters({"person": person, "account": account, "action": action,
                                           "from": date_from, "to": date_to})
    if errors:
        raise click.UsageError("; ".join(f"--{k}: {v}" for k, v in errors.items()))
    with open_store() as store:
        page = audit.entries(store, filters, per_page=limit)
    for e in page["entries"]:
        click.echo("\t".join(str(x or "") for x in (e["at"], e["actor"], e["action"], e["person"], e["via"],
                                                      e["detail"])))
    click.echo(f"{len(page['entries'])} of {page['total']} entries", err=True)
    sys.stdout.flush()
