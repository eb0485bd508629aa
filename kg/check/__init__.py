"""Gap checks: the shipped SHACL shapes compiled to SPARQL and run by the fast engine, or by pyshacl (engine), and their result types (results)."""
