"""Trace: links from funded outputs through indicators to program goals, and coverage."""
