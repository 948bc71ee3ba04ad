import Foundation

/// The parts of `run.json` (docs/artifacts.md) the report shows; unknown members are ignored.
public struct RunManifest: Decodable, Sendable {
    public struct Model: Decodable, Sendable {
        public var name: String?
        public var parameterCount: Int?
    }
    public struct DataSet: Decodable, Sendable {
        public var name: String?
        public var trainCount: Int?
        public var validationCount: Int?
    }
    public struct Optimizer: Decodable, Sendable {
        public var kind: String?
        public var momentum: Double?
        public var nesterov: Bool?
        public var weightDecay: Double?
    }
    public struct Schedule: Decodable, Sendable {
        public var kind: String?
        public var startLR: Double?
        public var endLR: Double?
        public var iterations: Int?
    }
    public struct Summary: Decodable, Sendable {
        public var iterations: Int?
        public var epochs: Int?
        public var finalLoss: Double?
        public var bestLoss: Double?
        public var validLoss: Double?
        public var accuracy: Double?
        public var seconds: Double?
    }
    /// One suggestion: a point on the curve, or the reason there is none.
    public struct Suggestion: Decodable, Sendable {
        public var lr: Double?
        public var loss: Double?
        public var reason: String?
    }
    public struct Analysis: Decodable, Sendable {
        public var fallStartLR: Double?
        public var steepestLR: Double?
        public var minimumLR: Double?
        public var minimumLoss: Double?
        public var divergenceLR: Double?
        public var noiseLevel: Double?
        public var flags: [String]?
    }

    public var format: String
    public var formatVersion: Int?
    public var id: String
    public var kind: String?
    public var status: String?
    public var complete: Bool?
    public var group: String?
    public var lrlabVersion: String?
    public var commandLine: [String]?
    public var startedAt: String?
    public var endedAt: String?
    public var model: Model?
    public var data: DataSet?
    public var batchSize: Int?
    public var seed: Int?
    public var blasThreads: Int?
    public var optimizer: Optimizer?
    public var schedule: Schedule?
    public var error: String?
    public var summary: Summary?
    public var suggestions: [String: Suggestion]?
    public var analysis: Analysis?
}

/// The parts of `group.json` the report shows.
public struct GroupManifest: Decodable, Sendable {
    public struct Charts: Decodable, Sendable {
        public var overlay: String?
        public var scaling: String?
    }
    public struct ScalingPoint: Decodable, Sendable {
        public var batchSize: Int
        public var median: Double
        public var low: Double?
        public var high: Double?
    }
    /// A fitted slope, or the reason there is none (a sweep over a single batch size).
    public struct Scaling: Decodable, Sendable {
        public var slope: Double?
        public var slopeStdErr: Double?
        public var reason: String?
        public var points: [ScalingPoint]?
    }

    public var format: String
    public var id: String
    public var kind: String?
    public var model: String?
    public var batchSizes: [Int]?
    public var seeds: [Int]?
    public var runs: [String]
    public var charts: Charts?
    public var scaling: [String: Scaling]?
}

extension JSONDecoder {
    /// The decoder for LRLab's artifacts: non-finite numbers are written as `"nan"`, `"inf"` and
    /// `"-inf"` strings (docs/artifacts.md), which a plain decoder would reject.
    static var artifacts: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
