"""Real local servers for the watch tests, the soak and the latency scripts: feeds that change between polls and
misbehave on purpose, and a webhook receiver that fails its first attempts."""
