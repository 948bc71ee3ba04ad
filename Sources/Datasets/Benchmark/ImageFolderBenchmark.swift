import Dispatch
import Foundation

/// Times loading an image folder the way a training run does: list, decode and resize every image
/// (or read them from the cache), standardise with the statistics of the examples, then gather
/// one epoch of batches in order — once without the decoded-image cache and once with it.
///
/// "Cold" removes the cache file first (files the OS already holds in memory stay there, as for
/// any tool timed after another); "cached" is the next load, served by the cache file.
public struct ImageFolderBenchmark {
    public var root: String
    public var options: ImageFolderOptions
    public var batchSize: Int

    public init(root: String, options: ImageFolderOptions = ImageFolderOptions(), batchSize: Int = 64) {
        self.root = root
        self.options = options
        self.batchSize = batchSize
    }

    /// What one load measured.
    public struct Timing: Equatable, Sendable {
        /// Listing, decoding or reading the cache, and packing the examples.
        public var loadSeconds: Double
        /// Computing the mean and std and gathering every batch of one epoch as standardised floats.
        public var epochSeconds: Double
        /// Processor time of the whole process (user + system, all threads) during load and epoch:
        /// what the work costs whatever else the machine runs.
        public var cpuSeconds: Double
        public var decoded: Int
        public var reused: Int
        public var totalSeconds: Double { loadSeconds + epochSeconds }
    }

    public struct Result: Equatable, Sendable {
        public var cold: Timing
        public var cached: Timing
        public var files: Int
        public var imageSize: ImageSize
        public var channels: Int
        /// Values gathered in one epoch (examples x channels x height x width).
        public var values: Int
        /// The cached load's time as a fraction of the cold one.
        public var cachedFraction: Double { cached.totalSeconds / cold.totalSeconds }
    }

    /// One cold and one cached load.
    /// - Throws: what `ImageFolderSource.load` throws.
    public func run() throws -> Result {
        if let path = ImageFolderSource.cacheFilePath(root: root, options: options) {
            try? FileManager.default.removeItem(atPath: path)
        }
        let (cold, data, values) = try timedLoad()
        let (cached, _, _) = try timedLoad()
        return Result(cold: cold, cached: cached, files: data.fileCount, imageSize: data.imageSize, channels: data.channels,
                      values: values)
    }

    private func timedLoad() throws -> (Timing, ImageFolderData, Int) {
        let cpuStart = Self.processorSeconds()
        let start = DispatchTime.now()
        let data = try ImageFolderSource.load(root: root, options: options)
        let loaded = DispatchTime.now()
        var train = data.train
        Normalization.computed(from: train).apply(to: &train)
        var values = 0
        var checksum: Float = 0
        for batch in DataLoader(dataset: train, batchSize: batchSize, shuffle: false).batches(epoch: 0) {
            values += batch.inputs.count
            checksum += batch.inputs.storage[0]
        }
        precondition(checksum.isFinite, "standardised inputs must be finite")
        let finished = DispatchTime.now()
        let timing = Timing(loadSeconds: Self.seconds(start, loaded), epochSeconds: Self.seconds(loaded, finished),
                            cpuSeconds: Self.processorSeconds() - cpuStart, decoded: data.cache.decoded,
                            reused: data.cache.reused)
        return (timing, data, values)
    }

    /// The user and system time the process has used so far.
    static func processorSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func seconds(_ start: DispatchTime, _ end: DispatchTime) -> Double {
        Double(end.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
