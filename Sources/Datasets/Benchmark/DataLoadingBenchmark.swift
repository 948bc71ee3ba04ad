import Dispatch

/// Times what `train lr-find` does with Fashion-MNIST before its model runs: load the training
/// split, split off validation, standardise, then gather one epoch of shuffled batches.
///
/// Peak memory is the process's, so run it alone under `/usr/bin/time -v` to read it.
public struct DataLoadingBenchmark {
    /// The folder with the IDX files; nil for the Debian package's folder.
    public var directory: String?
    public var batchSize: Int

    public init(directory: String? = nil, batchSize: Int = 64) {
        self.directory = directory
        self.batchSize = batchSize
    }

    /// What one run measured.
    public struct Result: Equatable, Sendable {
        /// Reading, decoding, splitting and standardising the training split.
        public var bundleSeconds: Double
        /// Gathering every shuffled batch of one epoch.
        public var epochSeconds: Double
        public var trainCount: Int
        public var validationCount: Int
        public var batches: Int
        /// Examples in the gathered batches: the training count when every batch was whole.
        public var examples: Int
        public var mean: Float
        public var std: Float
        public var totalSeconds: Double { bundleSeconds + epochSeconds }
    }

    /// Loads the data once and gathers one epoch of batches (seed 0).
    /// - Throws: the loader's errors for missing or corrupt files; `DatasetError` for a bad batch size.
    public func run() throws -> Result {
        let start = DispatchTime.now()
        let bundle = try DataBundle.fashionMNIST(directory: directory)
        let loaded = DispatchTime.now()
        let loader = try bundle.trainLoader(batchSize: batchSize, seed: 0)
        var batches = 0, examples = 0
        for batch in loader.batches(epoch: 0) {
            batches += 1
            examples += batch.targets.count
        }
        let finished = DispatchTime.now()
        return Result(bundleSeconds: Self.seconds(from: start, to: loaded),
                      epochSeconds: Self.seconds(from: loaded, to: finished),
                      trainCount: bundle.train.count, validationCount: bundle.valid.count, batches: batches,
                      examples: examples,
                      mean: bundle.normalization.mean, std: bundle.normalization.std)
    }

    private static func seconds(from start: DispatchTime, to end: DispatchTime) -> Double {
        Double(end.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
