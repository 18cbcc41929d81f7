"""vroegsignaal: pipelines."""
