"""The pipeline's assets, one module per stage: deliveries -> facts -> features -> publish."""

import warnings

import dagster as dg

# Monthly assets run as one run per range of months (BackfillPolicy.single_run), a beta parameter.
warnings.filterwarnings("ignore", message=".*backfill_policy.*", category=dg.BetaWarning)
