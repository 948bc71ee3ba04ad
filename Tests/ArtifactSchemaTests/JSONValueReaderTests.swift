import ArtifactSchema
import Foundation
import XCTest

/// The fast JSON reader gives what `ArtifactJSON.decoder` gives.
final class JSONValueReaderTests: XCTestCase {
    func testReadsWhatTheArtifactDecoderReads() throws {
        let texts = [
            #"{"a": [1, -2.5e-3, 0, 1E+2, true, false, null], "b": {"c": "x\"y\\z\/\n\t\u00e9\ud83d\ude00", "d": {}}, "e": []}"#,
            #" [ "nan", "inf", "-inf", "plain", 12345678901 ] "#,
            #"{"runs": ["a", "b"], "scaling": {"valley": {"slope": 0.62, "points": [{"median": 1.4e-3}]}}}"#,
        ]
        for text in texts {
            let expected = try ArtifactJSON.decoder.decode(JSONValue.self, from: Data(text.utf8))
            let actual = try XCTUnwrap(JSONValueReader.read(Data(text.utf8)), text)
            XCTAssertTrue(Self.same(actual, expected), "\(actual) differs from \(expected) for \(text)")
        }
        XCTAssertFalse(Self.same(.number(Double.nan), .string("nan")))
        for bad in ["{", "[1,]", "{\"a\" 1}", "\"open", "tru", "{} x", "[\"\\q\"]", String(repeating: "[", count: 300) + String(repeating: "]", count: 300)] {
            XCTAssertNil(JSONValueReader.read(Data(bad.utf8)), bad)
        }
    }

    /// Equality with NaN equal to itself (written `"nan"`, read back as NaN).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (.object(x), .object(y)): return x.keys.sorted() == y.keys.sorted() && x.allSatisfy { same($0.value, y[$0.key]!) }
        default: return a == b
        }
    }
}
