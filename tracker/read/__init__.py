"""Read: what satkers hold (text, PDF, workbook) into typed records and findings."""
