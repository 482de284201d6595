"""Genomlysning: every förbund and year given, side by side, for the region.

collect    reads the report files (one bad file is left out, the run goes on)
           and reduces each to a small summary: key figures, rule outcomes,
           the flerårsöversikt, the förvaltningsberättelse's parts
keyfigures the key figures, each computed the same way for every report
trends     each förbund over the years, from the reports and their översikt
comparability  what stands between the reports and comparable ones
charts     deterministic SVG charts (matplotlib)
render     Markdown, HTML and JSON
"""
