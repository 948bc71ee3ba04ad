@testable import Report
import XCTest

/// Cited ids and folder names must be single plain names.
final class ContentPathTests: XCTestCase {
    func testPlainNamesRefuseSeparatorsWhateverFollowsThem() {
        for name in ["lrfind-cnn-bs64-s0-3fa2c1", "run é", "a.b", "...", ".hidden"] {
            XCTAssertTrue(ContentPath.isPlainName(name), name)
        }
        for name in ["", ".", "..", "a/b", "/a", "a\\b", "a\0b", "a/\u{301}b", "..\u{301}/x", "a\\\u{308}"] {
            XCTAssertFalse(ContentPath.isPlainName(name), name.debugDescription)
        }
    }
}
