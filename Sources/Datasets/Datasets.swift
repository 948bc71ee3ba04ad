// The Datasets module; its sources are being written.
