import ArtifactSchema
import Foundation

/// One run's suggested learning rate at its batch size.
public struct ScalingSample: Sendable, Equatable {
    public var batchSize: Int
    public var lr: Double

    public init(batchSize: Int, lr: Double) {
        self.batchSize = batchSize
        self.lr = lr
    }
}

/// A sweep's data that cannot be fitted; the description says why and what to change.
public struct ScalingFitError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

/// Fitting the stored shape (ArtifactSchema) to a sweep's runs.
extension ScalingFit {
    /// Fits the samples (several seeds per batch size allowed); needs two or more batch sizes and
    /// positive, finite learning rates.
    ///
    /// The line goes through every run's point by default (`source: .allPoints`), so its standard
    /// error sees the spread over seeds. `slopeInterval` is the seed bootstrap
    /// (`seedBootstrapInterval`) with `resamples` resampled sweeps from a generator seeded with
    /// `seed`: the same samples always give the same interval.
    public init(samples: [ScalingSample], source: Source = .allPoints, resamples: Int = ScalingFit.bootstrapResamples,
                seed: UInt64 = ScalingFit.bootstrapSeed) throws {
        for sample in samples {
            guard sample.batchSize > 0 else {
                throw ScalingFitError(description: "batch size \(sample.batchSize) is not positive")
            }
            guard sample.lr > 0 && sample.lr.isFinite else {
                throw ScalingFitError(description: "the lr \(sample.lr) at batch size \(sample.batchSize) is not a "
                    + "positive number; leave out runs without this suggestion")
            }
        }
        let points = SeedSpread.groups(samples)
        guard points.count >= 2 else {
            throw ScalingFitError(description: "a scaling fit needs at least 2 batch sizes, the sweep has "
                + "\(points.count); add batch sizes to the sweep")
        }
        let pairs: [(x: Double, y: Double)] = source == .medians
            ? points.map { (log(Double($0.batchSize)), log($0.median)) }
            : samples.map { (log(Double($0.batchSize)), log($0.lr)) }
        let line = Self.leastSquares(pairs)
        let interval = Self.seedBootstrapInterval(samples: samples, source: source, resamples: resamples, seed: seed)
        self.init(slope: line.slope, slopeStdErr: line.slopeStdErr, intercept: line.intercept, source: source,
                  points: points, slopeInterval: interval)
    }

    /// The learning rate the fitted line gives at `batchSize`.
    public func predictedLR(batchSize: Int) -> Double {
        exp(intercept + slope * log(Double(batchSize)))
    }

    /// Ordinary least squares of y on x (x must not be constant).
    static func leastSquares(_ pairs: [(x: Double, y: Double)]) -> (slope: Double, intercept: Double, slopeStdErr: Double?) {
        let n = Double(pairs.count)
        let meanX = pairs.reduce(0) { $0 + $1.x } / n
        let meanY = pairs.reduce(0) { $0 + $1.y } / n
        var sxx = 0.0, sxy = 0.0
        for (x, y) in pairs {
            sxx += (x - meanX) * (x - meanX)
            sxy += (x - meanX) * (y - meanY)
        }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        guard pairs.count > 2 else { return (slope, intercept, nil) }
        var residualSquares = 0.0
        for (x, y) in pairs {
            let residual = y - (intercept + slope * x)
            residualSquares += residual * residual
        }
        return (slope, intercept, (residualSquares / (n - 2) / sxx).squareRoot())
    }
}
