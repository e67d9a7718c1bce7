"""umbrella.service.http.routes: one router per resource."""
