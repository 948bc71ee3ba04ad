import ArtifactSchema
import Foundation
import XCTest
@testable import CurveAnalysis

/// The seed-bootstrap interval of the scaling slope: coverage on synthetic sweeps, determinism,
/// and group.json compatibility.
final class ScalingBootstrapTests: XCTestCase {
    private let batchSizes = [4, 8, 16, 32, 64]

    /// A sweep whose ln(lr) is `slope` ln(batch size) + ln(0.003) + Gaussian noise of `spread`.
    private func sweep(slope: Double, spread: Double, seeds: Int, generator: inout SplitMix64) -> [ScalingSample] {
        batchSizes.flatMap { size in
            (0..<seeds).map { _ in
                ScalingSample(batchSize: size, lr: 0.003 * pow(Double(size), slope)
                              * exp(spread * SyntheticCurve.gaussian(&generator)))
            }
        }
    }

    func testIntervalCoversTheTrueSlopeAtRoughlyTheNominalRate() throws {
        var generator = SplitMix64(seed: 17)
        for seeds in [3, 8] {
            var covered = 0
            let sweeps = 200
            for _ in 0..<sweeps {
                let samples = sweep(slope: 0.5, spread: 0.6, seeds: seeds, generator: &generator)
                let interval = try XCTUnwrap(ScalingFit(samples: samples, resamples: 400).slopeInterval)
                if interval.lower <= 0.5 && 0.5 <= interval.upper { covered += 1 }
            }
            let rate = Double(covered) / Double(sweeps)
            // 95% nominal; with 3 seeds per batch size each batch size's variance rests on 2 degrees
            // of freedom, so the interval is a little narrow (93% here, 94.5% with 8 seeds; without
            // the sqrt(n / (n - 1)) widening 87%).
            XCTAssertGreaterThan(rate, 0.89, "\(seeds) seeds: covered \(covered) of \(sweeps)")
            XCTAssertLessThan(rate, 0.99, "\(seeds) seeds: covered \(covered) of \(sweeps)")
        }
    }

    func testIntervalIsWiderThanTheMedianStandardErrorSuggests() throws {
        var generator = SplitMix64(seed: 5)
        let samples = sweep(slope: 0.3, spread: 0.8, seeds: 3, generator: &generator)
        let fit = try ScalingFit(samples: samples)
        let interval = try XCTUnwrap(fit.slopeInterval)
        XCTAssertEqual(fit.source, .allPoints, "the default fits every run")
        XCTAssertLessThan(interval.lower, fit.slope)
        XCTAssertGreaterThan(interval.upper, fit.slope)
        XCTAssertEqual(interval.level, 0.95)
        XCTAssertEqual(interval.resamples, 2000)
        let medians = try ScalingFit(samples: samples, source: .medians)
        XCTAssertNotNil(medians.slopeInterval)
    }

    func testSameSamplesGiveTheSameIntervalAndTheSeedMatters() throws {
        var generator = SplitMix64(seed: 9)
        let samples = sweep(slope: 0.7, spread: 0.5, seeds: 3, generator: &generator)
        let first = try ScalingFit(samples: samples)
        XCTAssertEqual(try ScalingFit(samples: samples), first, "bit-identical on a second run")
        XCTAssertEqual(try ScalingFit(samples: samples.reversed()).slopeInterval, first.slopeInterval,
                       "the runs' order does not matter")
        XCTAssertNotEqual(try ScalingFit(samples: samples, seed: 1).slopeInterval, first.slopeInterval)
    }

    func testNoIntervalWithASingleRunAtSomeBatchSize() throws {
        let samples = [ScalingSample(batchSize: 8, lr: 1e-3), ScalingSample(batchSize: 8, lr: 2e-3),
                       ScalingSample(batchSize: 32, lr: 4e-3)]
        XCTAssertNil(try ScalingFit(samples: samples).slopeInterval)
    }

    func testExactPowerLawHasAPointInterval() throws {
        let samples = batchSizes.flatMap { size in
            (0..<3).map { _ in ScalingSample(batchSize: size, lr: 0.003 * pow(Double(size), 0.62)) }
        }
        let interval = try XCTUnwrap(ScalingFit(samples: samples).slopeInterval)
        XCTAssertEqual(interval.lower, 0.62, accuracy: 1e-12)
        XCTAssertEqual(interval.upper, 0.62, accuracy: 1e-12)
    }

    func testOldGroupJSONWithoutAnIntervalStillDecodesAndNewOnesRoundTrip() throws {
        let old = #"{"slope":0.24,"slopeStdErr":0.05,"intercept":-4.8,"source":"medians","points":[]}"#
        let decoded = try JSONDecoder().decode(ScalingOutcome.self, from: Data(old.utf8))
        XCTAssertEqual(decoded.fit?.source, .medians)
        XCTAssertNil(decoded.fit?.slopeInterval)
        var generator = SplitMix64(seed: 3)
        let fit = try ScalingFit(samples: sweep(slope: 0.5, spread: 0.4, seeds: 3, generator: &generator))
        let text = String(decoding: try JSONEncoder().encode(ScalingOutcome.fitted(fit)), as: UTF8.self)
        XCTAssertTrue(text.contains(#""slopeInterval":{"#), text)
        XCTAssertEqual(try JSONDecoder().decode(ScalingOutcome.self, from: Data(text.utf8)), .fitted(fit))
    }

    func testGeneratorIsSplitMix64() {
        // Reference values of SplitMix64 from seed 0 (Vigna's C code).
        var generator = SplitMix64(seed: 0)
        XCTAssertEqual(generator.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(generator.next(), 0x6E78_9E6A_A1B9_65F4)
    }
}
