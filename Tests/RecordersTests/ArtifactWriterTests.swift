import Foundation
import XCTest
@testable import Recorders

final class ArtifactWriterTests: XCTestCase {
    func testWriteReplacesContentAndLeavesNoTemporaryFile() throws {
        let folder = try TinyRun.temporaryFolder()
        let path = folder + "/run.json"
        try ArtifactWriter().write("first\n", to: path)
        try ArtifactWriter(synchronizes: true).write("second\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["run.json"])
    }

    func testWriteIntoMissingFolderNamesThePath() throws {
        let folder = try TinyRun.temporaryFolder()
        let path = folder + "/missing/run.json"
        XCTAssertThrowsError(try ArtifactWriter().write("x", to: path)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains(path), text)
            XCTAssertTrue(text.contains("parent folder does not exist"), text)
        }
    }

    func testRunFolderUnderAFileIsAClearError() throws {
        let folder = try TinyRun.temporaryFolder()
        let file = folder + "/not-a-folder"
        try ArtifactWriter().write("x", to: file)
        XCTAssertThrowsError(try RunDirectory.create(in: file + "/out", id: "fit-a-bs1-s0-abcdef")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains(file), text)
            XCTAssertTrue(text.contains("not a folder"), text)
        }
    }

    func testFullDiskIsReportedWithThePath() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full here") }
        let file = try AppendingFile(path: "/dev/full")
        XCTAssertThrowsError(try file.append("iteration,epoch\n")) { error in
            let text = String(describing: error)
            XCTAssertEqual((error as? ArtifactError)?.code, ENOSPC)
            XCTAssertTrue(text.contains("/dev/full"), text)
            XCTAssertTrue(text.contains("disk is full"), text)
        }
    }

    func testAppendedLinesAreReadableBeforeClose() throws {
        let folder = try TinyRun.temporaryFolder()
        let file = try AppendingFile(path: folder + "/metrics.csv")
        try file.append("a,b\n")
        try file.append("1,2\n")
        XCTAssertEqual(try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8), "a,b\n1,2\n")
        file.close()
        XCTAssertThrowsError(try file.append("3,4\n"))
    }
}

/// An append that fails half-way (a full disk) leaves the file as it was before it.
final class AppendingFileRollbackTests: XCTestCase {
    func testAFailedAppendLeavesOnlyWholeLines() throws {
        let folder = try TinyRun.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try AppendingFile(path: folder + "/metrics.csv")
        try file.append("a,b\n1,2\n")
        file.writeCall = { fd, buffer, count in
            // Hands over 3 bytes, then the disk is full.
            if lseek(fd, 0, SEEK_END) >= 11 {
                errno = ENOSPC
                return -1
            }
            return systemWrite(fd, buffer, min(count, 3))
        }
        XCTAssertThrowsError(try file.append("30,40\n")) { error in
            XCTAssertEqual((error as? ArtifactError)?.code, ENOSPC, "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8), "a,b\n1,2\n")
        file.writeCall = { systemWrite($0, $1, $2) }
        try file.append("5,6\n")
        XCTAssertEqual(try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8), "a,b\n1,2\n5,6\n",
                       "the next append continues after the last whole line")
    }
}
