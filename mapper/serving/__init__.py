"""Serving the app as deployed: several stateless app processes behind a load balancer (nginx)."""
