"""vroegsignaal: casework."""
