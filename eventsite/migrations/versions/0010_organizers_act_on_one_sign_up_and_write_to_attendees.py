"""Organizers mark no-shows and write to attendees; attendees undo a cancel

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-02 04:20:00

New columns are added in place (no rebuild of the rsvp table); the audit log's
action CHECK constraint is widened for the sign-up and message entries.
"""
from alembic import op
import sqlalchemy as sa

import eventsite.dbtypes


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_ACTIONS = (
    'member_joined', 'member_role_changed', 'member_removed', 'invitation_sent',
    'invitation_revoked', 'attendees_viewed', 'attendees_exported', 'attendees_purged',
    'names_printed', 'draft_deleted',
)
NEW_ACTIONS = OLD_ACTIONS + (
    'signup_added', 'signup_edited', 'signup_promoted', 'signup_cancelled', 'signup_removed',
    'signup_no_show', 'signup_no_show_undone', 'message_sent',
)


def _check(actions):
    return "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"


def upgrade():
    op.create_table('organizer_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('sent_at', eventsite.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_organizer_message_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_organizer_message_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizer_message'))
    )
    with op.batch_alter_table('organizer_message', schema=None) as batch_op:
        batch_op.create_index('ix_organizer_message_event_id_sent_at', ['event_id', 'sent_at'], unique=False)

    # Nullable columns: added in place on SQLite too.
    op.add_column('rsvp', sa.Column('no_show_at', eventsite.dbtypes.UTCDateTime(timezone=True), nullable=True))
    op.add_column('rsvp', sa.Column('undo_until', eventsite.dbtypes.UTCDateTime(timezone=True), nullable=True))
    op.add_column('rsvp', sa.Column('seat_held_until', eventsite.dbtypes.UTCDateTime(timezone=True), nullable=True))

    # Nothing points at audit_entry, so its rebuild on SQLite cascades nowhere.
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_entry_audit_action'), type_='check')
        batch_op.create_check_constraint(op.f('ck_audit_entry_audit_action'), _check(NEW_ACTIONS))


def downgrade():
    # The older schema cannot name the new entries: they go.
    op.execute(
        "DELETE FROM audit_entry WHERE action IN ("
        + ", ".join(f"'{a}'" for a in NEW_ACTIONS[len(OLD_ACTIONS):]) + ")"
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_entry_audit_action'), type_='check')
        batch_op.create_check_constraint(op.f('ck_audit_entry_audit_action'), _check(OLD_ACTIONS))

    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.drop_column('seat_held_until')
        batch_op.drop_column('undo_until')
        batch_op.drop_column('no_show_at')

    with op.batch_alter_table('organizer_message', schema=None) as batch_op:
        batch_op.drop_index('ix_organizer_message_event_id_sent_at')

    op.drop_table('organizer_message')
