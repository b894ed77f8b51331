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


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uid', sa.String(length=255), nullable=True))
    event = sa.table('event', sa.column('id', sa.Integer), sa.column('uid', sa.String))
    op.execute(
        event.update().values(
            uid=sa.literal('event-') + sa.cast(event.c.id, sa.String(20)) + '@' + _old_domain()
        )
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('uid', existing_type=sa.String(length=255), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_event_uid'), ['uid'])

    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_uid', sa.String(length=255), nullable=True))
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
    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.alter_column('calendar_uid', existing_type=sa.String(length=255), nullable=False)


def downgrade():
    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.drop_column('calendar_uid')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_event_uid'), type_='unique')
        batch_op.drop_column('uid')
