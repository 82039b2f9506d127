"""fieldcm."""
