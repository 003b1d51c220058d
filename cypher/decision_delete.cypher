// Forget one decision (undo): the pair goes back to whatever the matcher says.
// Parameters: $uid (LinkDecision uid). Returns: deleted (0 or 1).
MATCH (d:LinkDecision {uid: $uid})
DELETE d
RETURN count(d) AS deleted
