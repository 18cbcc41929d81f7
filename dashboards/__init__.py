"""vroegsignaal: dashboards."""
