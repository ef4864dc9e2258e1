"""The MkDocs adapter: wires MkDocs events to the companion's core."""
