"""SPARQL from users, files and web pages: the guard decided on the parsed query (guard), syntax errors placed in the user's own text (errors), and HTTP to a SPARQL 1.1 store (http)."""
