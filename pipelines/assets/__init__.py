"""The pipeline's assets, one module per stage: deliveries -> facts -> features -> publish."""
