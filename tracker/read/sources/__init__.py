"""Sources: one reader per kind of file a satker holds (text export, printed PDF, SAKTI's
workbook). Each turns bytes into rows a layout interpreter (``tracker.read.layouts``) reads."""
