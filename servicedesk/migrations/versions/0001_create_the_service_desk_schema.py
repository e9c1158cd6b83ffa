"""Create the service-desk schema

Revision ID: 0001
Revises: 
"""
import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clinic_topics',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('consultants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('lookup_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=160), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lookup_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lookup_failures_failed_at'), ['failed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lookup_failures_subject'), ['subject'], unique=False)

    op.create_table('provinces',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('ticket_categories',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=True),
    sa.Column('mobile', sa.String(length=11), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel', 'external_id', name='uq_users_channel_external_id')
    )
    op.create_table('clinic_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultant_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['consultant_id'], ['consultants.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consultant_id', 'starts_at', name='uq_clinic_slots_consultant_start')
    )
    with op.batch_alter_table('clinic_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinic_slots_starts_at'), ['starts_at'], unique=False)

    op.create_table('consultant_topics',
    sa.Column('consultant_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['consultant_id'], ['consultants.id'], ),
    sa.ForeignKeyConstraint(['topic_id'], ['clinic_topics.id'], ),
    sa.PrimaryKeyConstraint('consultant_id', 'topic_id')
    )
    op.create_table('courses',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=256), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('topic_id', sa.String(length=32), nullable=True),
    sa.Column('province_id', sa.String(length=32), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('duration_hours', sa.Integer(), nullable=False),
    sa.Column('fee_rials', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.ForeignKeyConstraint(['topic_id'], ['clinic_topics.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('mobile', sa.String(length=11), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('request_key', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['ticket_categories.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('request_key')
    )
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_code', sa.String(length=8), nullable=False),
    sa.Column('national_code', sa.String(length=10), nullable=False),
    sa.Column('applicant_name', sa.String(length=128), nullable=False),
    sa.Column('course_id', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tracking_code')
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_national_code'), ['national_code'], unique=False)

    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('clinic_slot_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mobile', sa.String(length=11), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('request_key', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['clinic_slot_id'], ['clinic_slots.id'], ),
    sa.ForeignKeyConstraint(['topic_id'], ['clinic_topics.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('request_key')
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index('uq_bookings_active_clinic_slot', ['clinic_slot_id'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.create_table('ticket_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ticket_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_status_changes_ticket_id'), ['ticket_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ticket_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_status_changes_ticket_id'))

    op.drop_table('ticket_status_changes')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_bookings_active_clinic_slot', sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.drop_table('bookings')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_national_code'))

    op.drop_table('applications')
    op.drop_table('tickets')
    op.drop_table('courses')
    op.drop_table('consultant_topics')
    with op.batch_alter_table('clinic_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinic_slots_starts_at'))

    op.drop_table('clinic_slots')
    op.drop_table('users')
    op.drop_table('ticket_categories')
    op.drop_table('provinces')
    with op.batch_alter_table('lookup_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lookup_failures_subject'))
        batch_op.drop_index(batch_op.f('ix_lookup_failures_failed_at'))

    op.drop_table('lookup_failures')
    op.drop_table('consultants')
    op.drop_table('clinic_topics')
