"""Citations: the registry (``citations.yaml``), the ``[@key]`` syntax, reference styles and exports."""
