"""Actors: the knowledge base of countries, organisations, groups and media, and (later) the
resolution of actor mentions to codes and sectors."""
