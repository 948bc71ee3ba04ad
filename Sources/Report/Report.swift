// The Report module; its sources are being written.
