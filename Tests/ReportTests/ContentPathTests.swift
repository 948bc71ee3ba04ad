import Foundation
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

/// Artifact files are read whole; a missing one is told apart from one that cannot be read.
final class ArtifactFileReadTests: XCTestCase {
    func testReadsWholeFilesAndTellsMissingFromUnreadable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let large = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for (name, data) in [("empty", Data()), ("small", Data("a,b\n1,2\n".utf8)), ("large", large)] {
            try data.write(to: folder.appendingPathComponent(name))
            guard case .bytes(let read) = ArtifactFileRead(path: folder.path + "/" + name) else { return XCTFail(name) }
            XCTAssertEqual(read, data, name)
        }
        guard case .missing = ArtifactFileRead(path: folder.path + "/absent") else { return XCTFail("absent") }
        guard case .failed = ArtifactFileRead(path: folder.path + "/sub") else { return XCTFail("a folder is not a file") }
        guard case .failed = ArtifactFileRead(path: folder.path + "/small/below") else { return XCTFail("below a file") }
    }
}
