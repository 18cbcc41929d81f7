"""vroegsignaal: signals."""
