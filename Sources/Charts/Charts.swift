// The Charts module; its sources are being written.
