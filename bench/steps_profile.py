"""`kg check --profile leverandorkrav` on the generated workspace: every AI system and
vendor against the shared requirements for AI vendors (the vendor shapes find a vendor's
systems in a subquery first; see ontology/shapes/profiles/leverandorkrav.ttl)."""
from __future__ import annotations


def run(ctx):
    if not ctx.wants("check-profile"):
        return
    ctx.run_kg("check-profile-leverandorkrav", ["check", "--profile", "leverandorkrav", "--format", "json"],
               ok_codes=(0, 1), repeat=ctx.repeat, env={"KG_CACHE_DIR": str(ctx.scratch("check-profile-cache"))},
               note="the shared requirements for AI vendors (7 requirements, 15 shapes)")
