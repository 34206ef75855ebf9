"""The live preview server: rebuilds through `build` and serves the output."""
