"""Reasoning across reports: merged events, contradictions, source quality."""
