"""Queue compact mail rows, rendered at delivery

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-02 04:30:00

Mail about a changed or cancelled evening is queued as a row naming its kind, sign-up
and a few values (`params`), inside the evening's lock; the worker renders it when it
delivers it, outside the lock. The column is added in place (no table rebuild).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0010'  # written on 0006; follows main's 0010 since the merge
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('params')
