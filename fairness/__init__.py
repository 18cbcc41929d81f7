"""vroegsignaal: fairness."""
