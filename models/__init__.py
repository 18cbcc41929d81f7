"""vroegsignaal: models."""
