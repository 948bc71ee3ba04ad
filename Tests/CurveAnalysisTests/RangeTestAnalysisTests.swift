import ArtifactSchema
import XCTest
@testable import CurveAnalysis

/// The range-test analysis on constructed curves, one per flag, and on the fixture curves.
final class RangeTestAnalysisTests: XCTestCase {
    /// 100 lrs from 1e-7 to 10, as the finder records them.
    private let lrs: [Float] = (0..<100).map { Float(1e-7 * pow(1e8, Double($0) / 99)) }

    /// A U-shaped loss in log10(lr): 2.3 falling to 0.6 around `centre`, exploding past `blowup`.
    private func uShape(centre: Double = -3, blowup: Double? = -1, bump: Double = 0) -> [Float] {
        lrs.map { lr in
            let x = log10(Double(lr))
            let fall = 2.3 - 1.7 / (1 + exp(-2 * (x - centre)))
            let rise = blowup.map { exp(2.5 * (x - $0)) } ?? 0
            return Float(fall + rise + bump * exp(-pow((x + 5) / 0.3, 2)))
        }
    }

    func testTypicalCurveFallsBottomsOutAndDivergesInOrder() throws {
        let analysis = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: uShape()))
        XCTAssertEqual(analysis.flags, [])
        let fallStart = try XCTUnwrap(analysis.fallStartLR), steepest = try XCTUnwrap(analysis.steepestLR)
        let minimum = try XCTUnwrap(analysis.minimumLR), divergence = try XCTUnwrap(analysis.divergenceLR)
        XCTAssertLessThan(fallStart, steepest)
        XCTAssertLessThan(steepest, minimum)
        XCTAssertLessThan(minimum, divergence)
        XCTAssertEqual(log10(steepest), -3, accuracy: 0.1, "the sigmoid falls fastest at its centre")
        XCTAssertLessThan(try XCTUnwrap(analysis.minimumLoss), 1)
        XCTAssertNil(analysis.noiseLevel, "no raw loss, no noise estimate")
    }

    func testFallStartIsWhereTheLossLeavesItsStartLevelForGood() {
        // Flat at 2 up to point 40, straight down to 0.5 at point 70, then up past 4 x 0.5.
        var losses: [Float] = []
        for i in 0..<100 {
            let step = Double(i)
            if i <= 40 {
                losses.append(2)
            } else if i <= 70 {
                losses.append(Float(2 - 1.5 * (step - 40) / 30))
            } else {
                losses.append(Float(0.5 + 0.1 * (step - 70)))
            }
        }
        let clean = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: losses))
        XCTAssertEqual(clean.fallStartLR, Double(lrs[41]), "the first point below 2 - 2% of 1.5")
        XCTAssertEqual(clean.minimumLR, Double(lrs[70]))
        XCTAssertEqual(clean.divergenceLR, Double(lrs[86]), "0.5 + 1.6 > 4 x 0.5 first at point 86")
        losses[3] = 1.5  // one early noisy dip
        XCTAssertEqual(RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: losses)).fallStartLR,
                       Double(lrs[41]))
    }

    func testDivergenceIsTheFirstPointAboveFourTimesTheMinimum() throws {
        let losses = uShape()
        let analysis = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: losses))
        let minimum = Float(try XCTUnwrap(analysis.minimumLoss))
        let index = try XCTUnwrap(lrs.firstIndex { Double($0) == analysis.divergenceLR })
        XCTAssertGreaterThan(losses[index], 4 * minimum)
        XCTAssertLessThanOrEqual(losses[index - 1], 4 * minimum)
    }

    func testBumpBeforeMinimumIsFlagged() {
        let analysis = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: uShape(bump: 0.4)))
        XCTAssertEqual(analysis.flags, [.bumpBeforeMinimum])
        let small = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: uShape(bump: 0.03)))
        XCTAssertEqual(small.flags, [], "a wiggle of 2% of the descent is not a bump")
    }

    func testFlatCurveAfterTrainingHasNoDescent() {
        let losses = lrs.map { lr in Float(0.3 + exp(2 * (log10(Double(lr)) + 0.5))) }
        let analysis = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: losses))
        XCTAssertEqual(analysis.flags, [.noDescent])
        XCTAssertNil(analysis.fallStartLR)
        XCTAssertNil(analysis.steepestLR)
        XCTAssertNotNil(analysis.divergenceLR)
    }

    func testExplodingStartDivergesImmediately() {
        let losses: [Float] = [2.3, 2.2, 5, 30, .nan, .nan]
        let analysis = RangeTestAnalysis(curve: RecordedCurve(lrs: Array(lrs.prefix(6)), losses: losses))
        XCTAssertEqual(analysis.flags, [.divergedImmediately])
        XCTAssertEqual(analysis.divergenceLR, Double(lrs[3]))
        let allNaN = RangeTestAnalysis(curve: RecordedCurve(lrs: [1e-3, 1e-2], losses: [.nan, .nan]))
        XCTAssertEqual(allNaN.flags, [.divergedImmediately])
        XCTAssertNil(allNaN.minimumLR)
        XCTAssertEqual(allNaN.divergenceLR, Double(Float(1e-3)))
    }

    func testCurveEndingBelowTheThresholdNeverDiverged() {
        let analysis = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: uShape(blowup: nil)))
        XCTAssertEqual(analysis.flags, [.neverDiverged])
        XCTAssertNil(analysis.divergenceLR)
    }

    func testNaNAfterTheMinimumCountsAsDivergence() {
        var losses = uShape(blowup: nil)
        losses[90...] = [Float](repeating: .nan, count: 10)[...]
        let analysis = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: losses))
        XCTAssertEqual(analysis.divergenceLR, Double(lrs[90]))
        XCTAssertEqual(analysis.flags, [])
    }

    func testNoiseLevelScalesWithTheNoiseAndIgnoresTheTrend() throws {
        let count = 80
        // Deterministic pseudo-random values spread over [-1, 1].
        let noise = (0..<count).map { i -> Double in
            let hashed = sin(Double(i) * 12.9898) * 43758.5453
            return 2 * (hashed - hashed.rounded(.down)) - 1
        }
        func level(amplitude: Double, trend: Double) throws -> Double {
            var raw: [Float] = []
            for i in 0..<count {
                let falling = trend * (1 - Double(i) / Double(count))
                raw.append(Float(2 + falling + amplitude * noise[i]))
            }
            let curve = RecordedCurve(lrs: Array(lrs.prefix(count)), losses: raw, rawLosses: raw)
            return try XCTUnwrap(RangeTestAnalysis(curve: curve).noiseLevel)
        }
        let base = try level(amplitude: 0.1, trend: 0)
        XCTAssertEqual(try level(amplitude: 0, trend: 0), 0)
        XCTAssertEqual(try level(amplitude: 0.2, trend: 0) / base, 2, accuracy: 0.05)
        XCTAssertEqual(try level(amplitude: 0.1, trend: 0.5) / base, 1, accuracy: 0.25,
                       "a falling trend barely changes the measure")
        XCTAssertGreaterThan(base, 0.01)
        XCTAssertLessThan(base, 0.05)
    }

    func testEmptyAndConstantCurves() {
        XCTAssertEqual(RangeTestAnalysis(curve: RecordedCurve(lrs: [], losses: [])), RangeTestAnalysis())
        let constant = RangeTestAnalysis(curve: RecordedCurve(lrs: lrs, losses: [Float](repeating: 1, count: 100)))
        XCTAssertEqual(constant.flags, [.noDescent, .neverDiverged])
        XCTAssertEqual(constant.minimumLR, Double(lrs[0]))
    }

    func testFixtureCurvesGetTheirFlags() throws {
        func flags(_ name: String) throws -> [RangeTestAnalysis.Flag] {
            RangeTestAnalysis(curve: try CurveCSVReader.read(path: FixtureFiles.path(name))).flags
        }
        XCTAssertEqual(try flags("typical.csv"), [])
        XCTAssertEqual(try flags("noisy.csv"), [])
        XCTAssertEqual(try flags("bump.csv"), [.bumpBeforeMinimum])
        XCTAssertEqual(try flags("after-training.csv"), [.noDescent])
        let noisy = RangeTestAnalysis(curve: try CurveCSVReader.read(path: FixtureFiles.path("noisy.csv")))
        let typical = RangeTestAnalysis(curve: try CurveCSVReader.read(path: FixtureFiles.path("typical.csv")))
        XCTAssertGreaterThan(try XCTUnwrap(noisy.noiseLevel), 3 * (try XCTUnwrap(typical.noiseLevel)))
    }

    func testAnalysisEncodesWithRunJSONNamesAndKeepsUnknownFlagsApart() throws {
        let analysis = RangeTestAnalysis(minimumLR: 0.08, minimumLoss: 0.6, flags: [.neverDiverged])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(String(decoding: try encoder.encode(analysis), as: UTF8.self),
                       #"{"flags":["never-diverged"],"minimumLR":0.08,"minimumLoss":0.6}"#)
        let future = #"{"minimumLR":0.08,"minimumLoss":0.6,"flags":["never-diverged","from-the-future"],"x":1}"#
        var decoded = try JSONDecoder().decode(RangeTestAnalysis.self, from: Data(future.utf8))
        XCTAssertEqual(decoded.flags, [.neverDiverged], "a flag this version does not know is not in `flags`")
        XCTAssertEqual(decoded.unknownFlags, ["from-the-future"], "but kept for readers that name it")
        decoded.unknownFlags = []
        XCTAssertEqual(decoded, analysis)
    }
}
