// End transactions the audit console abandoned after their timeout (tracker.audit.readonly).
// Any user may terminate their own transactions; others need the TERMINATE TRANSACTION privilege.
// $ids: list of transaction ids as SHOW TRANSACTIONS gives them
TERMINATE TRANSACTIONS $ids YIELD transactionId, message
RETURN transactionId, message
