"""whimbrel: news articles to an auditable record of international political events."""
