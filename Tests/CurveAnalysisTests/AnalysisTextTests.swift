import Foundation
import ArtifactSchema
import XCTest
@testable import CurveAnalysis

/// The LR formatting and the plain-language sentences.
final class AnalysisTextTests: XCTestCase {
    func testLRFormatIsShortAndConsistent() {
        let cases: [(Double, String)] = [
            (3e-5, "3e-5"), (0.02, "0.02"), (1.4e-3, "1.4e-3"), (0.6, "0.6"), (0.08, "0.08"),
            (0.012345, "0.012"), (0.00999, "0.01"), (0.0099, "9.9e-3"), (1e-7, "1e-7"),
            (10, "10"), (1.0, "1"), (123, "120"), (12_345, "1.2e4"), (0, "0"), (-0.02, "-0.02"),
            (.nan, "nan"), (.infinity, "inf"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(LRFormat.string(value), text, "\(value)")
        }
    }

    /// The C conversion LRFormat uses gives `String(format:)`'s text for every kind of double.
    func testPrintedDigitsMatchStringFormat() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.00995, 0.0095, 0.01, 999.5, 1000, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -3.25e-5,
                                0.125, 0.135, 2.5, 1e22, 123_456_789]
        for _ in 0..<2000 {
            values.append(Double(sign: Bool.random(using: &generator) ? .minus : .plus,
                                 exponent: Int.random(in: -40...40, using: &generator),
                                 significand: Double.random(in: 1..<2, using: &generator)))
        }
        for value in values {
            XCTAssertEqual(LRFormat.printed(value, "%.1e"), String(format: "%.1e", value), "\(value)")
            for decimals: Int32 in 0...4 {
                XCTAssertEqual(LRFormat.printed(value, "%.*f", decimals: decimals), String(format: "%.*f", decimals, value), "\(value)")
            }
        }
    }

    /// One format for losses and other measures in `train`'s tables, the analysis sentences and the report.
    func testLossFormatKeepsThreeSignificantDigits() {
        let cases: [(Double, String)] = [
            (0.61234, "0.612"), (0.6123, "0.612"), (2.3, "2.3"), (1.5, "1.5"), (12.345, "12.3"), (0.00123, "0.00123"),
            (0.9996, "1"), (1234.5, "1235"), (-0.25, "-0.25"), (0, "0"), (0.000123, "1.2e-4"), (2.5e6, "2.5e6"),
            (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(LRFormat.loss(value), text, "\(value)")
        }
    }

    private let suggestions = LRSuggestions(
        minimum: .point(lr: 0.008, loss: 0.7), steep: .point(lr: 0.02, loss: 1),
        valley: .point(lr: 1.4e-3, loss: 1.5), slide: .unavailable(reason: "needs at least 16 points, the curve has 9"))

    func testCourseSentenceReadsLikeTheIssueExample() {
        let analysis = RangeTestAnalysis(fallStartLR: 3e-5, steepestLR: 0.02, minimumLR: 0.08, minimumLoss: 0.6,
                                         divergenceLR: 0.6)
        XCTAssertEqual(analysis.summary(suggestions: suggestions),
                       "The loss is flat up to 3e-5, falls fastest at 0.02, reaches its minimum at 0.08 and "
                       + "diverges at 0.6; valley suggests 1.4e-3.")
    }

    func testSteepLeadsWhenValleyIsMissing() {
        var partial = suggestions
        partial.valley = .unavailable(reason: "the curve has no points")
        let analysis = RangeTestAnalysis(minimumLR: 0.08, minimumLoss: 0.6, flags: [.neverDiverged])
        XCTAssertEqual(analysis.sentences(suggestions: partial)[0],
                       "The loss reaches its minimum at 0.08 and does not diverge; steep suggests 0.02.")
    }

    func testEveryFlagAddsItsOwnExplanation() {
        let analysis = RangeTestAnalysis(minimumLR: 1e-6, minimumLoss: 0.3, divergenceLR: 0.1,
                                         flags: RangeTestAnalysis.Flag.allCases)
        let sentences = analysis.sentences()
        XCTAssertEqual(sentences.count, 1 + RangeTestAnalysis.Flag.allCases.count)
        XCTAssertEqual(Set(sentences.dropFirst()).count, RangeTestAnalysis.Flag.allCases.count, "all different")
        XCTAssertTrue(sentences[0].hasPrefix("The loss stays roughly level (lowest 0.3 at 1e-6)"), sentences[0])
        XCTAssertTrue(RangeTestAnalysis.explanation(of: .neverDiverged).contains("4 times its minimum"))
        XCTAssertTrue(RangeTestAnalysis.explanation(of: .divergedImmediately).contains("smaller start"))
    }

    func testAllNaNAndEmptyCurvesStillGetASentence() {
        let allNaN = RangeTestAnalysis(curve: RecordedCurve(lrs: [1e-7, 1e-6], losses: [.nan, .nan]))
        XCTAssertEqual(allNaN.sentences()[0], "The loss is not a number from the first point on (lr 1e-7).")
        XCTAssertEqual(RangeTestAnalysis().summary(), "The loss has no recorded points.")
    }
}
