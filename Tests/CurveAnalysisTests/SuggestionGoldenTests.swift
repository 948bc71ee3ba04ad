import XCTest
@testable import CurveAnalysis

/// Compares LRSuggester with fastai's functions as re-implemented in numpy float32 by
/// bench/fastai_suggestions_reference.py, on the curves that script wrote.
final class SuggestionGoldenTests: XCTestCase {
    private struct Expected: Decodable {
        let file: String
        let points: Int
        let kept: Int
        let suggestions: LRSuggestions
    }

    private func expectations() throws -> [String: Expected] {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixtureFiles.path("expected-suggestions.json")))
        return try JSONDecoder().decode([String: Expected].self, from: data)
    }

    func testFixturesCoverTheSpecifiedCurves() throws {
        let names = Set(try expectations().keys)
        XCTAssertTrue(names.isSuperset(of: ["typical", "noisy", "bump", "after-training", "nan-end", "short"]))
    }

    func testSuggestionsEqualFastaiOnEveryFixtureCurve() throws {
        for (name, expected) in try expectations().sorted(by: { $0.key < $1.key }) {
            let curve = try CurveCSVReader.read(path: FixtureFiles.path(expected.file))
            XCTAssertEqual(curve.count, expected.points, name)
            let input = SuggestionInput(curve: curve)
            XCTAssertEqual(input.count, expected.kept, "\(name): kept points")
            let actual = LRSuggester.suggest(input)
            for method in SuggestionMethod.allCases {
                let label = "\(name).\(method.rawValue)"
                switch (actual[method], expected.suggestions[method]) {
                case (.point(let lr, let loss), .point(let expectedLR, let expectedLoss)):
                    // lrs are recorded values (or a tenth of one): equal up to the last bit or two.
                    XCTAssertEqual(lr, expectedLR, accuracy: expectedLR * 1e-15, "\(label) lr")
                    // slide's marker goes through log10 in float32, whose last bit may differ
                    // between libm and numpy; the others are recorded losses, exactly.
                    let tolerance = method == .slide ? abs(expectedLoss) * 1e-5 : 0
                    XCTAssertEqual(loss, expectedLoss, accuracy: tolerance, "\(label) loss")
                case (.unavailable(let reason), .unavailable(let expectedReason)):
                    XCTAssertEqual(reason, expectedReason, label)
                case (let got, let want):
                    XCTFail("\(label): got \(got), fastai gives \(want)")
                }
            }
        }
    }

    func testNaNCurveIsCutBeforeTheFirstNaN() throws {
        let curve = try CurveCSVReader.read(path: FixtureFiles.path("nan-end.csv"))
        XCTAssertTrue(curve.losses.contains { $0.isNaN })
        let input = SuggestionInput(curve: curve)
        XCTAssertFalse(input.losses.contains { $0.isNaN })
        XCTAssertEqual(input.count, 86 - 10, "points 10..<86 stay, the NaN at 86 and after go")
    }
}
