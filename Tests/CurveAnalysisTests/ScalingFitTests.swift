import ArtifactSchema
import XCTest
@testable import CurveAnalysis

/// The power-law fit of suggested lr against batch size, and the spread over seeds.
final class ScalingFitTests: XCTestCase {
    private let batchSizes = [4, 8, 16, 32, 64]

    func testExactPowerLawIsRecovered() throws {
        let samples = batchSizes.flatMap { size in
            (0..<3).map { _ in ScalingSample(batchSize: size, lr: 0.003 * pow(Double(size), 0.62)) }
        }
        for source in [ScalingFit.Source.medians, .allPoints] {
            let fit = try ScalingFit(samples: samples, source: source)
            XCTAssertEqual(fit.slope, 0.62, accuracy: 1e-12)
            XCTAssertEqual(fit.intercept, log(0.003), accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(fit.slopeStdErr), 0, accuracy: 1e-12)
            XCTAssertEqual(fit.predictedLR(batchSize: 128), 0.003 * pow(128, 0.62), accuracy: 1e-12)
        }
    }

    func testTextbookRegressionGivesItsKnownStandardError() throws {
        // ln(lr) = [2, 4, 5, 4, 5] at ln(batch size) = k·ln 2, k = 1...5: on k the slope is 0.6,
        // the intercept 2.2 and the slope's standard error sqrt(2.4 / 3 / 10).
        let ys = [2.0, 4, 5, 4, 5]
        let samples = (1...5).map { ScalingSample(batchSize: 1 << $0, lr: exp(ys[$0 - 1])) }
        let fit = try ScalingFit(samples: samples, source: .allPoints)
        XCTAssertEqual(fit.slope, 0.6 / log(2), accuracy: 1e-12)
        XCTAssertEqual(fit.intercept, 2.2, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(fit.slopeStdErr), (0.08).squareRoot() / log(2), accuracy: 1e-12)
    }

    func testNoisySeedsGiveAPositiveStandardErrorAroundTheTrueSlope() throws {
        let jitter = [0.8, 1.0, 1.25]
        let samples = batchSizes.enumerated().flatMap { index, size in
            jitter.indices.map { seed in
                ScalingSample(batchSize: size, lr: 1e-3 * Double(size) * jitter[(seed + index) % 3])
            }
        }
        let fit = try ScalingFit(samples: samples, source: .allPoints)
        XCTAssertEqual(fit.slope, 1, accuracy: 0.1)
        XCTAssertGreaterThan(try XCTUnwrap(fit.slopeStdErr), 0)
        XCTAssertEqual(fit.points.map(\.batchSize), batchSizes)
        XCTAssertEqual(fit.points[0].median, 4e-3, accuracy: 1e-15)
        XCTAssertEqual(fit.points[0].low, 3.2e-3, accuracy: 1e-15)
        XCTAssertEqual(fit.points[0].high, 5e-3, accuracy: 1e-15)
    }

    func testMediansResistOneOddSeed() throws {
        var samples = batchSizes.flatMap { size in
            [0.9, 1.0, 1.1].map { ScalingSample(batchSize: size, lr: 1e-4 * Double(size).squareRoot() * $0) }
        }
        samples.append(ScalingSample(batchSize: 64, lr: 10))
        XCTAssertEqual(try ScalingFit(samples: samples, source: .medians).slope, 0.5, accuracy: 0.05)
        XCTAssertGreaterThan(try ScalingFit(samples: samples, source: .allPoints).slope, 0.6)
    }

    func testSpreadHasNumpyQuartiles() {
        let spread = SeedSpread(batchSize: 8, values: [4, 1, 3, 2])
        XCTAssertEqual(spread.median, 2.5)
        XCTAssertEqual(spread.low, 1)
        XCTAssertEqual(spread.high, 4)
        XCTAssertEqual(spread.lowerQuartile, 1.75)
        XCTAssertEqual(spread.upperQuartile, 3.25)
        XCTAssertEqual(spread.count, 4)
    }

    func testTwoBatchSizesFitWithoutAStandardError() throws {
        let fit = try ScalingFit(samples: [ScalingSample(batchSize: 8, lr: 1e-3), ScalingSample(batchSize: 32, lr: 4e-3)])
        XCTAssertEqual(fit.slope, 1, accuracy: 1e-12)
        XCTAssertNil(fit.slopeStdErr)
    }

    func testBadSweepsAreExplained() {
        XCTAssertThrowsError(try ScalingFit(samples: [ScalingSample(batchSize: 8, lr: 1e-3),
                                                      ScalingSample(batchSize: 8, lr: 2e-3)])) { error in
            XCTAssertEqual("\(error)", "a scaling fit needs at least 2 batch sizes, the sweep has 1; "
                           + "add batch sizes to the sweep")
        }
        XCTAssertThrowsError(try ScalingFit(samples: [ScalingSample(batchSize: 8, lr: 1e-3),
                                                      ScalingSample(batchSize: 16, lr: .nan)])) { error in
            XCTAssertTrue("\(error)".contains("at batch size 16 is not a positive number"), "\(error)")
        }
        XCTAssertThrowsError(try ScalingFit(samples: [ScalingSample(batchSize: 0, lr: 1e-3)]))
    }
}
