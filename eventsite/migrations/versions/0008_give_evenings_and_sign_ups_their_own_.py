"""Give evenings and sign-ups their own calendar UIDs

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-30 10:00:00

New evenings and sign-ups get random UIDs. Existing ones keep the UID they were
published with (event-<id>@<CALENDAR_UID_DOMAIN or letter-evenings>), so subscribers'
and attendees' calendar entries are updated in place, not duplicated.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0005'
branch_labels = None
depends_on = None


def _old_domain() -> str:
    try:
        from flask import current_app

        return current_app.config.get('CALENDAR_UID_DOMAIN') or 'letter-evenings'
    except RuntimeError:  # run outside the app
        return 'letter-evenings'


# No table is rebuilt: on SQLite a batch rebuild drops the old table, and with foreign keys
# on, that DELETE cascades to every sign-up, table and tally of the evening. Columns are
# added in place (NOT NULL needs a default there), filled, then indexed.


def upgrade():
    domain = _old_domain()
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('uid', sa.String(length=255), nullable=False, server_default='')
        )
    event = sa.table('event', sa.column('id', sa.Integer), sa.column('uid', sa.String))
    op.execute(
        event.update().values(
            uid=sa.literal('event-') + sa.cast(event.c.id, sa.String(20)) + ('@' + domain)
        )
    )
    op.create_index('uq_event_uid', 'event', ['uid'], unique=True)

    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('calendar_uid', sa.String(length=255), nullable=False, server_default='')
        )
    rsvp = sa.table(
        'rsvp', sa.column('event_id', sa.Integer), sa.column('calendar_uid', sa.String)
    )
    # Attendees got the evening's UID in their mails until now.
    op.execute(
        rsvp.update().values(
            calendar_uid=sa.select(event.c.uid)
            .where(event.c.id == rsvp.c.event_id)
            .scalar_subquery()
        )
    )
    if op.get_bind().dialect.name != 'sqlite':  # SQLite cannot drop a default in place
        op.alter_column('event', 'uid', server_default=None)
        op.alter_column('rsvp', 'calendar_uid', server_default=None)


def downgrade():
    op.drop_index('uq_event_uid', table_name='event')
    # DROP COLUMN in place (SQLite 3.35+), for the same reason as above.
    op.drop_column('rsvp', 'calendar_uid')
    op.drop_column('event', 'uid')
