"""Routine, topic and safety content: strict YAML loading, schema and the frozen catalog."""
