import XCTest
@testable import CurveAnalysis

/// The suggestion methods on small hand-made curves and on curves they cannot handle.
final class SuggestionEdgeCaseTests: XCTestCase {
    private func curve(_ losses: [Float], firstLR: Float = 1e-4, ratio: Float = 1.5) -> RecordedCurve {
        var lr = firstLR
        let lrs: [Float] = losses.map { _ in defer { lr *= ratio }; return lr }
        return RecordedCurve(lrs: lrs, losses: losses)
    }

    func testEmptyCurveGivesNoSuggestionWithAReason() {
        let suggestions = LRSuggester.suggest(RecordedCurve(lrs: [], losses: []))
        for method in SuggestionMethod.allCases {
            XCTAssertEqual(suggestions[method], .unavailable(reason: "the curve has no points"), method.rawValue)
        }
    }

    func testSkipsDefaultToATenthOfTheIterationsAndFiveAtTheEnd() {
        let recorded = curve((0..<50).map { Float(50 - $0) })
        XCTAssertEqual(SuggestionInput(curve: recorded).lrs, Array(recorded.lrs[5..<45]))
        XCTAssertEqual(SuggestionInput(curve: recorded, numIterations: 100).lrs, Array(recorded.lrs[10..<45]),
                       "a finder stopped early at 50 of 100 iterations still skips 100/10")
        XCTAssertEqual(SuggestionInput(curve: recorded, skipStart: 0, skipEnd: 0).lrs, recorded.lrs)
        XCTAssertEqual(SuggestionInput(curve: recorded, skipStart: 7, skipEnd: 3).lrs, Array(recorded.lrs[7..<47]))
    }

    func testAHeldLadderIsReadOnePointPerRate() {
        // 40 rates held for 3 batches each; the loss falls within every held step and fastest
        // between rates 20 and 21 (a ramp with a cliff).
        let perRate = curve((0..<40).map { (k: Int) -> Float in
            let ramp = Float(10 - k / 10)
            let cliff: Float = k == 21 ? 3 : k > 21 ? 3.5 : 0
            return ramp - cliff
        })
        var lrs = [Float](), losses = [Float]()
        for (lr, loss) in zip(perRate.lrs, perRate.losses) {
            for batch in 0..<3 {
                lrs.append(lr)
                losses.append(loss + Float(2 - batch) * 0.01)  // the last batch of a step has the rate's loss
            }
        }
        let held = RecordedCurve(lrs: lrs, losses: losses)
        let input = SuggestionInput(curve: held, numIterations: 120)
        XCTAssertEqual(input, SuggestionInput(curve: perRate, numIterations: 40), "120 batches are 40 rates: skip 4, not 12")
        let suggestions = LRSuggester.suggest(held, numIterations: 120)
        XCTAssertEqual(suggestions, LRSuggester.suggest(perRate, numIterations: 40))
        XCTAssertEqual(suggestions.steep.lr, Double(perRate.lrs[20]), "the cliff, not the first drop inside a held step")
        // A run stopped inside a held step keeps that step's last recorded batch.
        let stopped = RecordedCurve(lrs: Array(lrs.prefix(100)), losses: Array(losses.prefix(100)))
        XCTAssertEqual(SuggestionInput.onePointPerRate(stopped).0.lrs, Array(perRate.lrs.prefix(34)))
        XCTAssertEqual(SuggestionInput.onePointPerRate(stopped).0.losses.last, losses[99])
    }

    func testOnePointCurveLosesItsPointToTheDefaultSkips() {
        let suggestions = LRSuggester.suggest(curve([1]))
        XCTAssertEqual(suggestions.valley.reason,
                       "no point is left after dropping the first 0 and the last 5 of 1 points")
    }

    func testOneKeptPointAllowsMinimumAndValleyOnly() {
        let suggestions = LRSuggester.suggest(SuggestionInput(lrs: [0.01], losses: [2]))
        XCTAssertEqual(suggestions.minimum, .point(lr: Double(Float(0.01)) / 10, loss: 2))
        XCTAssertEqual(suggestions.valley, .point(lr: Double(Float(0.01)), loss: 2))
        XCTAssertEqual(suggestions.steep.reason, "needs at least 2 points, the curve has 1")
        XCTAssertEqual(suggestions.slide.reason, "needs at least 16 points, the curve has 1")
    }

    func testAllNaNCurveGivesReasons() {
        let suggestions = LRSuggester.suggest(curve([Float](repeating: .nan, count: 30)))
        XCTAssertEqual(suggestions.minimum.reason, "the loss is NaN from the first kept point (point 3) on")
        XCTAssertNil(suggestions.slide.lr)
    }

    func testNaNInTheMiddleCutsTheCurveThere() {
        var losses = (0..<40).map { Float(3 - Double($0) * 0.05) }
        losses[20] = .nan
        losses[25] = 0.001  // lower than anything before the NaN, but after it
        let input = SuggestionInput(curve: curve(losses))
        XCTAssertEqual(input.count, 16, "points 4..<20")
        let suggestions = LRSuggester.suggest(input)
        XCTAssertEqual(suggestions.minimum.lr, Double(input.lrs[15]) / 10, "the minimum before the NaN")
        XCTAssertNotNil(suggestions.slide.lr, "16 points are enough for slide")
    }

    func testConstantCurvePicksTheFirstPointsLikeArgmin() {
        let input = SuggestionInput(curve: curve([Float](repeating: 1.5, count: 40)))
        let suggestions = LRSuggester.suggest(input)
        XCTAssertEqual(suggestions.minimum.lr, Double(input.lrs[0]) / 10)
        XCTAssertEqual(suggestions.steep.lr, Double(input.lrs[0]))
        XCTAssertEqual(suggestions.valley.lr, Double(input.lrs[0]))
        // Flat gradients never differ by more than the threshold: slide keeps its first candidate.
        XCTAssertEqual(suggestions.slide.lr, Double(input.lrs[input.count - 16]))
        XCTAssertEqual(suggestions.slide.loss, 1.5)
    }

    func testSlideNeedsSixteenPoints() {
        let losses = (0..<15).map { Float(2 - Double($0) * 0.1) }
        let short = LRSuggester.slide(SuggestionInput(lrs: curve(losses).lrs, losses: losses))
        XCTAssertEqual(short.reason, "needs at least 16 points, the curve has 15")
        let enough = losses + [0.4]
        XCTAssertNotNil(LRSuggester.slide(SuggestionInput(lrs: curve(enough).lrs, losses: enough)).lr)
    }

    func testValleyFollowsFastaisLongestDecreasingRun() {
        // lds = [1, 2, 1, 3, 4, 1, 5]: the longest run ends at 6, starts at 6 - 5 = 1,
        // sections = 5/3, index = 1 + 1 + 0 = 2.
        let input = SuggestionInput(lrs: [1, 2, 3, 4, 5, 6, 7], losses: [5, 4, 6, 3, 2, 7, 1])
        XCTAssertEqual(LRSuggester.valley(input), .point(lr: 3, loss: 6))
    }

    func testSteepPicksTheMostNegativeLogSlope() {
        let e = Float(M_E)
        let input = SuggestionInput(lrs: [1, e, e * e, e * e * e], losses: [3, 2.5, 1, 0.8])
        XCTAssertEqual(LRSuggester.steep(input), .point(lr: Double(e), loss: 2.5))
    }

    func testMinimumMarkerSitsAtTheSuggestionWithTheNearestPointsLoss() {
        let input = SuggestionInput(lrs: [1e-3, 1e-2, 1e-1, 1], losses: [3, 2, 1, 2])
        let minimum = LRSuggester.minimum(input)
        XCTAssertEqual(minimum.lr ?? 0, 0.01, accuracy: 1e-9)
        XCTAssertEqual(minimum.loss, 2, "the loss at lr 1e-2, not the minimum's")
    }

    func testNonPositiveLRsGiveAReasonNotACrash() {
        let losses: [Float] = (0..<20).map { Float(20 - $0) }
        let lrs: [Float] = (0..<20).map { Float($0) * 0.01 }
        let suggestions = LRSuggester.suggest(SuggestionInput(lrs: lrs, losses: losses))
        XCTAssertEqual(suggestions.steep.reason, "needs positive learning rates, point 0 has lr 0.0")
        XCTAssertEqual(suggestions.slide.reason, "needs positive learning rates, point 0 has lr 0.0")
        XCTAssertNotNil(suggestions.valley.lr)
    }

    func testSuggestionsEncodeAsRunJSONAndDecodeBack() throws {
        let suggestions = LRSuggestions(minimum: .point(lr: 0.012, loss: 0.63), steep: .point(lr: 0.0031, loss: 1.2),
                                        valley: .point(lr: 0.0014, loss: 1.5),
                                        slide: .unavailable(reason: "needs at least 16 points, the curve has 9"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(suggestions), as: UTF8.self)
        XCTAssertEqual(json, #"{"minimum":{"loss":0.63,"lr":0.012},"slide":{"reason":"needs at least 16 points, "#
            + #"the curve has 9"},"steep":{"loss":1.2,"lr":0.0031},"valley":{"loss":1.5,"lr":0.0014}}"#)
        XCTAssertEqual(try JSONDecoder().decode(LRSuggestions.self, from: Data(json.utf8)), suggestions)
    }
}
