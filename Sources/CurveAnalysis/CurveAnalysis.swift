// The CurveAnalysis module; its sources are being written.
