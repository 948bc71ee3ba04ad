// The Training module; its sources are being written.
