"""pytest plugin registering the Jenkins emulator fixtures (filled in by the emulator)."""
