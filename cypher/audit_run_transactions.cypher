// Which transactions of one audit console run the server still lists (tracker.audit.readonly:
// the console tags each run's transaction with metadata {run: …} and checks it is gone after a
// timeout). Community lists a user's own transactions; Enterprise needs SHOW TRANSACTION.
// $run: the run id
SHOW TRANSACTIONS YIELD transactionId, metaData, status
WHERE metaData.run = $run
RETURN transactionId, status
