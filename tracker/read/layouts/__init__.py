"""Layouts: one interpreter per document layout (TA 2020 Bagian A, RSPP Bagian A from TA 2021,
SAKTI's Rincian Kertas Kerja), turning a source's rows into the records of
``tracker.read.records``."""
