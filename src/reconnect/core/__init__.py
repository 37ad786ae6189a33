"""The session core: the engine (events in, state and facts out), the View every front end
renders, the trail that replays a saved session, and the running session. No terminal code, no
file access: plain Python over the exercise model."""
