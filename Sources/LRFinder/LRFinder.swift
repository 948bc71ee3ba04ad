// The LRFinder module; its sources are being written.
