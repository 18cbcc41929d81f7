"""The initial casework schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from casework.schema import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("team", sa.String(64)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "teams",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("capacity_per_month", sa.Integer),
        sa.Column("cases_per_worker", sa.Integer, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.String(64)),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("coordinator", sa.String(64)),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("first_month", sa.Date, nullable=False),
        sa.Column("latest_month", sa.Date, nullable=False),
        sa.Column("signal_date", sa.Date, nullable=False),
        sa.Column("threatening", sa.Boolean, nullable=False),
        sa.Column("threat_date", sa.Date),
        sa.Column("threat_note", sa.Text),
        sa.Column("contact_offered_on", sa.Date),
        sa.Column("score", sa.Float),
        sa.Column("rank", sa.Integer),
        sa.Column("model_version", sa.String(128)),
        sa.Column("explanation", sa.Text),
        sa.Column("outcome", sa.String(32)),
        sa.Column("fix_kind", sa.String(16)),
        sa.Column("clashing_rules", sa.Text),
        sa.Column("closing_reason", sa.Text),
        sa.Column("closed_at", UtcDateTime),
        sa.Column("objection", sa.Boolean, nullable=False),
        sa.Column("minimised", sa.Boolean, nullable=False),
        sa.Column("anonymised", sa.Boolean, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index(
        "uq_cases_open_household",
        "cases",
        ["household_id"],
        unique=True,
        sqlite_where=sa.text("state <> 'closed'"),
        postgresql_where=sa.text("state <> 'closed'"),
    )
    op.create_index("ix_cases_team_state", "cases", ["team", "state"])
    op.create_table(
        "case_signals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("household_id", sa.String(64)),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("rank", sa.Integer),
        sa.Column("model_version", sa.String(128)),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.UniqueConstraint("household_id", "month", name="uq_case_signals_hh_month"),
    )
    op.create_index("ix_case_signals_case_id", "case_signals", ["case_id"])
    op.create_table(
        "case_persons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("pseudonym", sa.String(64), nullable=False),
        sa.Column("bsn", sa.String(9)),
        sa.Column("naam", sa.Text),
        sa.Column("adres", sa.Text),
        sa.Column("postcode", sa.String(16)),
        sa.Column("woonplaats", sa.Text),
        sa.Column("telefoon", sa.String(32)),
    )
    op.create_index("ix_case_persons_case_id", "case_persons", ["case_id"])
    op.create_index("ix_case_persons_pseudonym", "case_persons", ["pseudonym"])
    op.create_index("ix_case_persons_bsn", "case_persons", ["bsn"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_notes_case_id", "notes", ["case_id"])
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("from_state", sa.String(32)),
        sa.Column("to_state", sa.String(32)),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_case_events_case_id", "case_events", ["case_id"])
    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="SET NULL")),
        sa.Column("household_id", sa.String(64)),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("reason_code", sa.String(32), nullable=False),
        sa.Column("reason_text", sa.Text),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "objections",
        sa.Column("pseudonym", sa.String(64), primary_key=True),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "intake_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("k", sa.Integer, nullable=False),
        sa.Column("created", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("skipped_objection", sa.Integer, nullable=False),
        sa.Column("closed_moved", sa.Integer, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_case_id", "audit_log", ["case_id"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("base_seq", sa.Integer, nullable=False),
        sa.Column("base_hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(
        head, [{"id": 1, "seq": 0, "hash": GENESIS, "base_seq": 0, "base_hash": GENESIS}]
    )


def downgrade() -> None:
    for table in (
        "audit_head",
        "audit_log",
        "intake_runs",
        "objections",
        "overrides",
        "case_events",
        "notes",
        "case_persons",
        "case_signals",
        "cases",
        "teams",
        "users",
    ):
        op.drop_table(table)
