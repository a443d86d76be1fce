"""Django forms, one module per area; field lists come from the services they feed."""
