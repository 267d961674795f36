"""The web server: REST API and pages."""
