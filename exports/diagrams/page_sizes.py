"""The pages a picture can be laid out for (`kg diagram --size`), in points: a 16:9
slide is PowerPoint's 13.33 × 7.5 in, a 4:3 slide 10 × 7.5 in, A4 is portrait.

Its own small module so the command line can offer the choices without importing the
diagram builders."""
PAGE_SIZES = {"16:9": (960.0, 540.0), "4:3": (720.0, 540.0), "A4": (595.0, 842.0)}
