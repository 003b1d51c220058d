"""Budget performance: realisation and output achievement per output, month by month, and
the measures the government scores satkers by (penyerapan, deviasi, capaian output,
efisiensi, a partial IKPA)."""
