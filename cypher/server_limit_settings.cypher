// The server's values of the limits the project relies on (tracker.graph.limits), read by
// `tracker db status`. Needs the SHOW SETTING privilege on Enterprise; any user on Community.
// $names: list of setting names
SHOW SETTINGS $names YIELD name, value
RETURN name, value
