"""A later layer's asset, as docs/pipeline.md describes (used by the extension test)."""

import dagster as dg
import pandas as pd

from pipelines.resources import WarehouseResource
from pipelines.warehouse import replace_rows


@dg.asset(deps=["household_features"], group_name="model")
def scores_example(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        frame = con.sql(
            "SELECT household_id, month, 'v0' AS model_version, "
            "totaal_achterstand_cent / 1e6 AS score FROM serving.household_features"
        ).df()
        n = replace_rows(
            con,
            "serving.scores_example",
            pd.DataFrame(frame),
            where="model_version = ?",
            params=["v0"],
        )
    return dg.MaterializeResult(metadata={"rows": n})
