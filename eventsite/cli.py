"""Command-line tasks: `flask --app app <command>`."""

import os
import time
from pathlib import Path

import click
from flask import Flask, current_app

from eventsite.auth import services as auth
from eventsite.auth.forms import PASSWORD_MIN
from eventsite.backup import backup, restore
from eventsite.demo import seed
from eventsite.errors import DomainError
from eventsite.extensions import db
from eventsite.mail.outbox import deliver_due
from eventsite.printing.system import ensure as ensure_print_libraries
from eventsite.rsvp.purge import purge_due
from eventsite.rsvp.reminders import queue_reminders


def register(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(check_system)
    app.cli.add_command(send_mail)
    app.cli.add_command(send_reminders)
    app.cli.add_command(purge_attendees)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="Site admin", show_default=True)
def create_admin(email: str, name: str) -> None:
    """Create a site admin (password from ADMIN_PASSWORD or asked for)."""
    password = os.environ.get("ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    if len(password) < PASSWORD_MIN:
        raise click.ClickException(f"The password needs at least {PASSWORD_MIN} characters.")
    try:
        auth.create_user(email, name, password, is_admin=True)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Admin {email} created. Log in at /login.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed a database that has no chapters yet.")
def seed_demo(if_empty: bool) -> None:
    """Load demo chapters, people and evenings (safe to run twice)."""
    if seed(only_if_empty=if_empty):
        click.echo("Demo data loaded. Log in as organizer@example.org / demo-organizer.")


@click.command("check-system")
@click.option("--install", is_flag=True, help="Install what is missing with apt-get, if root.")
def check_system(install: bool) -> None:
    """Check the system libraries that printing needs (one line when some are missing)."""
    ensure_print_libraries(allow_install=install)


@click.command("send-mail")
@click.option("--loop", type=int, default=0, help="Keep running, waking every N seconds.")
def send_mail(loop: int) -> None:
    """Deliver queued email (retries wait with backoff; nothing is sent twice)."""
    while True:
        counts = deliver_due()
        click.echo(
            f"sent {counts['sent']}, to retry {counts['retry']}, given up {counts['failed']}"
        )
        if not loop:
            return
        time.sleep(loop)


@click.command("send-reminders")
def send_reminders() -> None:
    """Remind confirmed attendees 24-48 hours ahead (safe to run every 15 minutes)."""
    queued = queue_reminders()
    counts = deliver_due()
    click.echo(f"queued {queued} reminders; sent {counts['sent']}, to retry {counts['retry']}")


@click.command("purge-attendees")
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@click.option("--days", type=int, default=None, help="Override ATTENDEE_RETENTION_DAYS.")
def purge_attendees(dry_run: bool, days: int | None) -> None:
    """Delete attendees' names, emails, notes and door codes after the retention period."""
    days = current_app.config["ATTENDEE_RETENTION_DAYS"] if days is None else days
    evenings = purge_due(days, dry_run=dry_run)
    verb = "Would purge" if dry_run else "Purged"
    for e in evenings:
        click.echo(
            f"{verb} {e.people} sign-ups of #{e.event_id} {e.title!r} (ended {e.ended:%Y-%m-%d})"
        )
    if not dry_run:
        db.session.commit()
    click.echo(
        f"{len(evenings)} evening(s), retention {days} days{' (dry run)' if dry_run else ''}."
    )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path: str) -> None:
    """Copy the SQLite database to PATH, consistently, while the app keeps running."""
    db.engine.dispose()
    try:
        pages = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path))
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Backed up {pages} pages to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: str, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH (stop the app first)."""
    if not yes:
        click.confirm("This replaces all current data with the backup. Continue?", abort=True)
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path))
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Restored {path}. Run `flask --app app db upgrade` if it is older than the app.")
