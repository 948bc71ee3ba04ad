import ArtifactSchema
import CurveAnalysis
import Foundation
@testable import Report
import XCTest

final class NarrativeTests: XCTestCase {
    func testRunSettingsShowLearningRatesAsTrainPrintsThem() {
        // Run settings show learning rates as `train` prints them and the plots label them.
        let json = """
        {"format": "lrlab-run", "id": "r", "schedule": {"kind": "exponential-sweep", "startLR": 1e-7, "endLR": 10, "iterations": 100},
         "optimizer": {"kind": "sgd", "momentum": 0.9}}
        """
        let manifest = try! JSONDecoder().decode(RunManifest.self, from: Data(json.utf8))
        let values = RunSettings.rows(manifest).map(\.value).joined(separator: " | ")
        XCTAssertTrue(values.contains(LRFormat.string(1e-7)) && values.contains("1e-7"), values)
        XCTAssertEqual(LRFormat.string(0.019), "0.019")
    }

    func testRunSettingsListTheRecordedSettings() throws {
        let json = """
        {"format": "lrlab-run", "id": "r", "settings": {"divergenceFactor": 4, "batchesPerStep": 10, "lrMults": [0.01, 1],
         "from": "ckpt/a b.lrlab", "stability": {"ulps": 1, "reruns": 3}, "shuffle": false, "validationBatches": null}}
        """
        let manifest = try JSONDecoder().decode(RunManifest.self, from: Data(json.utf8))
        let row = try XCTUnwrap(RunSettings.rows(manifest).first { $0.name == "settings" })
        XCTAssertEqual(row.value, "batchesPerStep 10, divergenceFactor 4, from ckpt/a b.lrlab, lrMults [0.01, 1], shuffle false, "
                       + "stability {reruns 3, ulps 1}, validationBatches none")
        XCTAssertNil(RunSettings.rows(RunManifest(id: "old")).first { $0.name == "settings" }, "files from before have none")
    }

    func testCurveSentenceFromAnalysisAndSuggestions() throws {
        let json = """
        {"format": "lrlab-run", "id": "r", "suggestions": {"valley": {"lr": 0.0014, "loss": 1.5}, "slide": {"reason": "too short"}},
         "analysis": {"fallStartLR": 3e-5, "steepestLR": 0.02, "minimumLR": 0.08, "divergenceLR": 0.6,
                      "flags": ["no-descent", "mystery"]}, "unknownMember": 1}
        """
        let manifest = try JSONDecoder().decode(RunManifest.self, from: Data(json.utf8))
        XCTAssertEqual(CurveNarrative.summary(of: manifest),
                       "The loss is flat up to 3e-5, falls fastest at 0.02, reaches its minimum at 0.08 and diverges at 0.6; valley suggests 1.4e-3.")
        let flags = CurveNarrative.flagSentences(manifest)
        XCTAssertTrue(flags[0].text.contains("never falls clearly below where it starts"))
        XCTAssertTrue(flags[1].text.contains("does not explain"))
    }

    func testScalingSentenceComparesWithLinearAndSquareRoot() {
        XCTAssertTrue(ScalingNarrative.sentence(slope: 0.62, standardError: 0.08).contains("consistent with square-root"))
        XCTAssertTrue(ScalingNarrative.sentence(slope: 0.97, standardError: 0.05).contains("consistent with linear"))
        XCTAssertTrue(ScalingNarrative.sentence(slope: 0.75, standardError: 0.2).contains("consistent with both"))
        XCTAssertTrue(ScalingNarrative.sentence(slope: 0.75, standardError: 0.02).contains("between the two"))
        // Two batch sizes give no standard error; a falling or very steep slope is not "nearer" to either rule.
        let falling = ScalingNarrative.sentence(slope: -10.98, standardError: nil)
        XCTAssertTrue(falling.hasPrefix("LR falls as the batch size grows (batch size^-11)"), falling)
        XCTAssertTrue(falling.contains("the opposite of both") && !falling.contains("nearer"), falling)
        XCTAssertTrue(ScalingNarrative.sentence(slope: 3.2, standardError: nil).contains("far steeper than linear"))
        // Two batch sizes with the same suggestion: the LR does not grow at all.
        XCTAssertTrue(ScalingNarrative.sentence(slope: 0, standardError: nil)
            .hasPrefix("LR is the same at every batch size (batch size^0): neither linear (1) nor square-root (0.5)"))
        XCTAssertTrue(ScalingNarrative.sentence(slope: 0.4, standardError: nil).contains("nearer to square-root"))
        XCTAssertTrue(ScalingNarrative.sentence(slope: -0.4, standardError: 0.1).contains("falling, the opposite of both rules"))
    }

    func testScalingSentenceReadsTheSeedBootstrapIntervalWhenThereIsOne() {
        let points = [4, 8, 16, 32, 64].map {
            SeedSpread(batchSize: $0, count: 3, median: 0.01, low: 0.01, high: 0.01, lowerQuartile: 0.01, upperQuartile: 0.01)
        }
        func fit(_ slope: Double, _ lower: Double, _ upper: Double) -> ScalingFit {
            ScalingFit(slope: slope, slopeStdErr: 0.05, intercept: -5, source: .allPoints, points: points,
                       slopeInterval: .init(lower: lower, upper: upper, level: 0.95, resamples: 2000))
        }
        // The committed 5 x 3 group's `minimum`: a small ± would say "ruling out both", the interval does not.
        let minimum = ScalingNarrative.sentence(fit: fit(0.186, -0.107, 0.490))
        XCTAssertEqual(minimum, "No trend with the batch size is clear: batch size^0.186 (95% seed-bootstrap interval "
                       + "-0.107 to 0.49, fitted over all 15 runs) is consistent with no growth (0), ruling out both "
                       + "linear scaling (1) and square-root scaling (0.5).")
        // A slightly negative slope inside an interval around 0 is no "fall".
        let level = ScalingNarrative.sentence(fit: fit(-0.009, -0.3, 0.6))
        XCTAssertTrue(level.hasPrefix("No trend with the batch size is clear: batch size^-0.009"), level)
        XCTAssertTrue(level.contains("consistent with no growth (0) and with square-root scaling (0.5), unlike linear"), level)
        XCTAssertTrue(ScalingNarrative.sentence(fit: fit(0.4, -0.2, 1.3)).contains("and with linear scaling (1); more seeds"))
        XCTAssertTrue(ScalingNarrative.sentence(fit: fit(0.7, 0.45, 1.1)).contains("consistent with both"))
        XCTAssertTrue(ScalingNarrative.sentence(fit: fit(0.9, 0.6, 1.2)).contains("consistent with linear scaling (1), unlike"))
        XCTAssertTrue(ScalingNarrative.sentence(fit: fit(0.5, 0.3, 0.8)).contains("consistent with square-root scaling (0.5), unlike"))
        XCTAssertTrue(ScalingNarrative.sentence(fit: fit(-0.38, -0.74, -0.02)).contains("falling, the opposite of both"))
        var old = fit(0.24, 0, 0)
        old.slopeInterval = nil
        old.source = .medians
        XCTAssertTrue(ScalingNarrative.sentence(fit: old).contains("leaves out the spread over seeds"))
    }

    func testSlugsAndUniqueHeadingIDs() {
        XCTAssertEqual(Slug.make("Héllo, World!"), "hello-world")
        XCTAssertEqual(Slug.make("<script>"), "script")
        XCTAssertEqual(Slug.make("!!!"), "section")
        let (html, headings) = MarkdownRenderer(allowRawHTML: false).render("# A\n\n## A\n\n## Contents\n", reservedIDs: ["contents"])
        XCTAssertEqual(headings.map(\.id), ["a", "a-2", "contents-2"])
        XCTAssertTrue(html.contains("<h2 id=\"a-2\">A</h2>"))
    }

    func testDirectivesOutsideCodeAndMalformedDirective() throws {
        let markdown = "{{< run a >}}\n```\n{{< run b >}}\n```\n   {{< group g >}}\n"
        XCTAssertEqual(try RunDirective.scan(markdown, firstLine: 5, file: "p.md"),
                       [RunDirective(kind: .run, id: "a", line: 5), RunDirective(kind: .group, id: "g", line: 9)])
        XCTAssertThrowsError(try RunDirective.scan("{{< plot a >}}\n", firstLine: 1, file: "p.md")) { error in
            XCTAssertTrue("\(error)".contains("p.md:1"))
        }
    }

    func testDirectiveLinesBecomePlaceholderParagraphs() {
        let markdown = "Intro LRLABEMBED0 text\n{{< run a >}}\n```\n{{< run b >}}\n```\n   {{< group g >}}\nEnd é"
        let (text, tokens) = RunDirective.substitutePlaceholders(markdown)
        XCTAssertEqual(tokens.map(\.token), ["LRLABEMBEDX0", "LRLABEMBEDX1"], "the prefix avoids text already in the post")
        XCTAssertEqual(tokens.map(\.directive.id), ["a", "g"])
        XCTAssertEqual(text, "Intro LRLABEMBED0 text\n\nLRLABEMBEDX0\n\n```\n{{< run b >}}\n```\n\nLRLABEMBEDX1\n\nEnd é")
        XCTAssertEqual(RunDirective.substitutePlaceholders("No directives.\n").markdown, "No directives.\n")
    }

    func testByteSearchFindsUTF8Needles() {
        let text = "héllo <p>LRLABEMBED1</p> </svg>"
        let range = text.firstByteRange(of: "<p>LRLABEMBED")
        XCTAssertEqual(range.map { String(text[$0]) }, "<p>LRLABEMBED")
        XCTAssertEqual(text[range!.upperBound...].firstByteRange(of: "</p>").map { text[..<$0.lowerBound] }, "héllo <p>LRLABEMBED1")
        XCTAssertNil(text.firstByteRange(of: "</svg> "), "a needle running past the end is not found")
        XCTAssertTrue(text.containsBytes("llo <"))
        XCTAssertFalse(text.containsBytes("hello"))
        XCTAssertEqual(text.firstByteRange(of: ""), text.startIndex..<text.startIndex)
    }
}
