"""Organisers' commands: record a 1:1, import a CSV of them, merge two records of a person."""
from __future__ import annotations

import sys

import click

from mapper.cli.base import friendly, main, open_store


@main.group("one-to-one")
def one_to_one_group():
    """1:1 relational meetings."""


@one_to_one_group.command("add")
@click.option("--by", "by_id", help="Id of who held the 1:1 (usually the organiser).")
@click.option("--by-name", help="Or the name of a new person who held it.")
@click.option("--with", "with_id", help="Id of the person met.")
@click.option("--with-name", help="Or the name of a new person met.")
@click.option("--area", help="Area id of the new person met (e.g. area-E09000023).")
@click.option("--email", help="Email of the new person met.")
@click.option("--phone", help="Phone of the new person met.")
@click.option("--date", "date_", required=True, help="YYYY-MM-DD or DD/MM/YYYY; not in the future.")
@click.option("--place", default="", help="Where you met.")
@click.option("--theme", "themes", multiple=True, help="A theme id or name (repeat for more).")
@click.option("--notes", default="", help="Short notes.")
@click.option("--follow-up", default="", help="What to follow up.")
@click.option("--due", default="", help="When the follow-up is due.")
@click.option("--consent-recorded/--no-consent-recorded", default=True, show_default=True)
@click.option("--consent-named/--no-consent-named", default=False, show_default=True)
@click.option("--consent-contact/--no-consent-contact", default=False, show_default=True)
@click.option("--create-new", is_flag=True, help="Add new people even where likely matches exist.")
@friendly
def one_to_one_add(by_id, by_name, with_id, with_name, area, email, phone, date_, place, themes, notes, follow_up,
                   due, consent_recorded, consent_named, consent_contact, create_new):
    """Record a 1:1 (and any new people) in one transaction."""
    from mapper.organising import one_to_one

    form = {"a_id": by_id or "", "a_name": by_name or "", "b_id": with_id or "", "b_name": with_name or "",
            "b_area": area or "", "b_email": email or "", "b_phone": phone or "", "date": date_, "place": place,
            "notes": notes, "follow_up": follow_up, "follow_up_due": due, "consent_recorded": consent_recorded,
            "consent_named": consent_named, "consent_contact": consent_contact}
    if create_new:
        form.update(a_pick="new", b_pick="new")
    with open_store() as store:
        checked = one_to_one.check(store, form, list(themes), by="cli")
        if checked.errors:
            for field_name, message in checked.errors.items():
                click.echo(f"{field_name}: {message}", err=True)
            raise click.ClickException("nothing was saved")
        if checked.suggestions:
            for side, matches in checked.suggestions.items():
                click.echo(f"{'--by' if side == 'a' else '--with'}: someone like this may already be recorded:",
                           err=True)
                for m in matches:
                    click.echo(f"  {m['id']}  {m['name']} ({m['area'] or 'area not known'}): "
                               f"{', '.join(m['reasons'])}", err=True)
            raise click.ClickException("nothing was saved: give an id, or --create-new to add a new person")
        result = one_to_one.record(store, checked)
    new = f"; new people: {', '.join(result['new_people'])}" if result["new_people"] else ""
    click.echo(f"1:1 {result['id']} saved ({result['a']} met {result['b']}){new}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True), required=False)
@click.option("--template", is_flag=True, help="Print the CSV template and stop.")
@click.option("--yes", "-y", is_flag=True, help="Import a clean file without asking.")
@click.option("--check", is_flag=True, help="Only check the file and show the preview.")
@friendly
def import_cmd(file, template, yes, check):
    """Import 1:1s from a CSV file (all or nothing): preview, problems by row and column, then write."""
    from mapper.organising import csv_import as imp, csv_writing

    if template:
        click.echo(imp.template(), nl=False)
        return
    if not file:
        raise click.UsageError("give a CSV FILE (or --template)")
    data = sys.stdin.buffer.read() if file == "-" else imp.read_file(file)
    with open_store() as store:
        if not yes or check:
            plan = imp.preview(store, data, progress=lambda msg: click.echo(msg, err=True))
            _say_problems(plan, file)
            click.echo(f"{len(plan.meetings):,} 1:1s; {len(plan.new_people):,} people to be created, "
                       f"{len(plan.matched):,} matched to existing records.")
            if check:
                return
            if not click.confirm("Import them?", default=False):
                raise click.ClickException("nothing was written")
        plan, result = csv_writing.import_file(
            store, data, progress=lambda done, total: click.echo(f"checked and written {done:,} of {total:,} rows",
                                                                 err=True))
        if result is None:  # (the graph changed since the preview, or --yes without one)
            _say_problems(plan, file)
    click.echo(f"Imported {result['one_to_ones']:,} 1:1s and created {result['people_created']:,} people in "
               f"{result['seconds']} s ({result['rows_per_second']:,} rows/s).")


def _say_problems(plan, file) -> None:
    """Every problem of a file that is not clean, and the command's failure; nothing if it is."""
    if plan.ok:
        return
    for problem in plan.errors:
        click.echo(str(problem), err=True)
    if plan.error_count > len(plan.errors):
        click.echo(f"... and {plan.error_count - len(plan.errors)} more", err=True)
    raise click.ClickException(f"{plan.error_count} problem(s) in {file}: nothing was written")


@main.group("people")
def people_group():
    """People in the network."""


@people_group.command("merge")
@click.argument("keep")
@click.argument("duplicate")
@friendly
def people_merge(keep, duplicate):
    """Merge DUPLICATE into KEEP (every relationship and 1:1 moves), then delete DUPLICATE."""
    from mapper.organising import merging

    with open_store() as store:
        try:
            result = merging.merge(store, keep, duplicate)
        except merging.MergeError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Merged {duplicate} into {result['id']}: {result['moved_out'] + result['moved_in']} relationships "
               f"moved, {result['between']} 1:1s between the two dropped.")


@people_group.command("search")
@click.argument("words", nargs=-1, required=True)
@friendly
def people_search(words):
    """Find people by the start of their names."""
    from mapper.organising import people

    with open_store() as store:
        for row in people.search(store, " ".join(words), limit=20):
            click.echo(f"{row['id']}  {row['name']}  ({row['area'] or 'area not known'})")
