"""Load and soak test (`make load`): a production server driven by locust."""
