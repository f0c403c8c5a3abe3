"""Shared passages across outlets: word shingles, near-identical paragraphs, quotations."""
