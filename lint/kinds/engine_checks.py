"""Kinds that report what the engine itself noticed, so they are configured like any rule."""

from __future__ import annotations


from . import Context, Hit, Kind


class Undecodable(Kind):
    """Bytes that are not valid UTF-8; each one was decoded as U+FFFD at its position."""

    name = "undecodable"
    source_offsets = True  # the decoder's offsets

    def check(self, ctx: Context):
        for offset in ctx.doc.decode_errors:
            yield Hit(offset, offset + 1)


class UnknownDirectiveRule(Kind):
    """A directive naming a rule (or pack) that does not exist."""

    name = "unknown-directive-rule"
    source_offsets = True  # the directive comment's span

    def check(self, ctx: Context):
        known = ctx.known_rules
        packs = {rule_id.partition(".")[0] for rule_id in known}
        for directive in ctx.doc.directives:
            for rule_id in directive.rules:
                if rule_id not in known and rule_id not in packs:
                    yield Hit(directive.start, directive.end, None, {"rule": rule_id})
