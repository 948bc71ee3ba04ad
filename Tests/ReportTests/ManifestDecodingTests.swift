import ArtifactSchema
import Foundation
import XCTest
@testable import Report

/// run.json files written by the recorders decode, including their non-finite numbers.
final class ManifestDecodingTests: XCTestCase {
    func testNonFiniteNumbersWrittenAsStringsDecode() throws {
        let json = """
        {"format": "lrlab-run", "id": "lrfind-mlp-bs64-s0-abc123", "status": "completed",
         "summary": {"finalLoss": "nan", "bestLoss": 0.5, "validLoss": "inf"},
         "data": {"name": "fashion-mnist", "classes": ["T-shirt/top", "Trouser"]}}
        """
        let manifest = try ArtifactJSON.decoder.decode(RunManifest.self, from: Data(json.utf8))
        XCTAssertTrue(try XCTUnwrap(manifest.summary.finalLoss).isNaN)
        XCTAssertEqual(manifest.summary.validLoss, .infinity)
        XCTAssertEqual(manifest.summary.bestLoss, 0.5)
    }
}
