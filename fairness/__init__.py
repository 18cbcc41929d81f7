"""vroegsignaal fairness: the audit, the promotion gate and live monitoring.

Plain Python (no Dagster, no Panel). Protected attributes are read from ``restricted.duckdb``
and joined to evaluation rows only inside this package; the thresholds live in
``fairness/policy.toml``. See docs/fairness.md.
"""

from fairness._audit import AuditError, AuditReport, attach_groups, run_audit
from fairness._checks import VERDICTS, Check, judge, overall_verdict
from fairness._data import Sources, open_sources
from fairness._gate import GATE_FILE, read_gate, sign_off, write_gate
from fairness._group_metrics import UNKNOWN_GROUP, GroupMetrics, compute_group_metrics
from fairness._live import ALL_MONTHS, LiveResult, live_audit, read_alerts
from fairness._mitigation import fit_recall_curves, group_aware_selection, mitigation_report
from fairness._policy import DEFAULT_POLICY_PATH, Policy, PolicyError, load_policy
from fairness._proxy import FEATURE_SET, proxy_checks, weighted_auc
from fairness._report import render_html, write_report
from fairness._service import AuditOutcome, audit_model, export_evaluation, model_audit_frame

__all__ = [
    "ALL_MONTHS",
    "DEFAULT_POLICY_PATH",
    "FEATURE_SET",
    "GATE_FILE",
    "UNKNOWN_GROUP",
    "VERDICTS",
    "AuditError",
    "AuditOutcome",
    "AuditReport",
    "Check",
    "GroupMetrics",
    "LiveResult",
    "Policy",
    "PolicyError",
    "Sources",
    "attach_groups",
    "audit_model",
    "compute_group_metrics",
    "export_evaluation",
    "fit_recall_curves",
    "group_aware_selection",
    "judge",
    "live_audit",
    "load_policy",
    "mitigation_report",
    "model_audit_frame",
    "open_sources",
    "overall_verdict",
    "proxy_checks",
    "read_alerts",
    "read_gate",
    "render_html",
    "run_audit",
    "sign_off",
    "weighted_auc",
    "write_gate",
    "write_report",
]
