"""Renderers: Markdown (the granskningsrapport), HTML (from that Markdown) and JSON."""
