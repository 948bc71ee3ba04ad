// The Recorders module; its sources are being written.
