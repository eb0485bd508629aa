"""What changed between two versions of the roadmap: per source, at roadmap level, with the RDF remainder on request (compare)."""
