#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import XCTest
@testable import Recorders

/// A rewrite replaces the file as a whole: readers of the old file keep the old bytes, and a
/// rewrite that fails part of the way leaves the previous version in place.
final class AtomicWriteTests: XCTestCase {
    private let previous = "{\"status\": \"completed\"}\n"

    /// A fresh folder, removed after the test.
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "atomic-write-tests-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A writer whose `write(2)` hands over at most 5 bytes per call and fails with "no space"
    /// once the file holds `limit` bytes.
    private func failingWriter(after limit: Int) -> ArtifactWriter {
        var writer = ArtifactWriter()
        writer.writeCall = { fd, buffer, count in
            guard lseek(fd, 0, SEEK_CUR) < limit else {
                errno = ENOSPC
                return -1
            }
            return systemWrite(fd, buffer, min(count, 5))
        }
        return writer
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    func testReadersOfTheOldFileKeepTheOldContentAfterARewrite() throws {
        let folder = try folder()
        let path = folder + "/run.json"
        try ArtifactWriter().write(previous, to: path)
        let descriptor = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        XCTAssertEqual(link(path, folder + "/held"), 0, String(cString: strerror(errno)))

        try ArtifactWriter().write("{\"status\": \"running\", \"rewritten\": true}\n", to: path)

        XCTAssertEqual(try read(path), "{\"status\": \"running\", \"rewritten\": true}\n")
        XCTAssertEqual(try read(folder + "/held"), previous, "the hard link still names the old file")
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &bytes, bytes.count, 0)
        XCTAssertEqual(String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self), previous,
                       "the open descriptor still reads the old file")
    }

    func testRewriteThatFailsHalfWayLeavesThePreviousFile() throws {
        let folder = try folder()
        let path = folder + "/run.json"
        try ArtifactWriter().write(previous, to: path)
        XCTAssertEqual(link(path, folder + "/held"), 0, String(cString: strerror(errno)))
        let replacement = String(repeating: "{\"rung\": 1}\n", count: 20)

        XCTAssertThrowsError(try failingWriter(after: 40).write(replacement, to: path)) { error in
            XCTAssertEqual((error as? ArtifactError)?.code, ENOSPC, "\(error)")
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }

        XCTAssertEqual(try read(path), previous)
        XCTAssertEqual(try read(folder + "/held"), previous)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["held", "run.json"],
                       "the partial temporary file is removed")
        // The same writer with room to spare writes the whole replacement through short writes.
        try failingWriter(after: .max).write(replacement, to: path)
        XCTAssertEqual(try read(path), replacement)
    }

    func testRunDirectoryWriteThatFailsHalfWayLeavesThePreviousFile() throws {
        let out = try folder()
        var run = try RunDirectory.create(in: out, id: "lrfind-mlp-bs16-s0-abcdef")
        try run.write(previous, to: "run.json")
        run.writer = failingWriter(after: 10)
        XCTAssertThrowsError(try run.write(String(repeating: "x", count: 100), to: "run.json"))
        XCTAssertEqual(try read(run.path(for: "run.json")), previous)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: run.path), ["run.json"])
    }

    /// The same on a real full file system: a small tmpfs this test mounts (root only).
    func testRewriteOnAFullTmpfsLeavesThePreviousFile() throws {
        #if os(Linux)
        guard getuid() == 0 else {
            print("AtomicWriteTests: skipped the full-tmpfs rewrite: mounting a tmpfs needs root")
            throw XCTSkip("mounting a tmpfs needs root")
        }
        let mountPoint = try folder() + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: false)
        let mounted = try runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "lrlab-test", mountPoint])
        guard mounted.status == 0 else {
            print("AtomicWriteTests: skipped the full-tmpfs rewrite: mount failed: \(mounted.output)")
            throw XCTSkip("mount failed: \(mounted.output)")
        }
        defer { _ = try? runTool("/bin/umount", [mountPoint]) }

        let path = mountPoint + "/run.json"
        try ArtifactWriter().write(previous, to: path)
        // Fill the file system, then free 8 KiB so the rewrite gets part of the way.
        let filler = try AppendingFile(path: mountPoint + "/filler")
        let block = String(repeating: "0", count: 4096)
        var filled = 0
        do {
            while filled < 1 << 20 {
                try filler.append(block)
                filled += block.utf8.count
            }
            XCTFail("a 64 KiB tmpfs took 1 MiB")
        } catch let error as ArtifactError {
            XCTAssertEqual(error.code, ENOSPC, "\(error)")
        }
        filler.close()
        XCTAssertEqual(truncate(mountPoint + "/filler", off_t(filled - 8192)), 0)

        let replacement = String(repeating: "y", count: 32_768)
        XCTAssertThrowsError(try ArtifactWriter().write(replacement, to: path)) { error in
            XCTAssertEqual((error as? ArtifactError)?.code, ENOSPC, "\(error)")
            XCTAssertTrue("\(error)".contains("disk is full"), "\(error)")
        }
        XCTAssertEqual(try read(path), previous)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mountPoint).sorted(), ["filler", "run.json"])
        #else
        throw XCTSkip("tmpfs mounts are Linux only")
        #endif
    }

    private func runTool(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
