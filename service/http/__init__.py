"""umbrella.service.http: the HTTP service (FastAPI); see ``create_app``."""
