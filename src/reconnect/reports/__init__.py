"""What a session or a history amounts to, in words: transcripts, summaries, progress over
time, and seeded walks through an exercise. No terminal code."""
