#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import XCTest

/// `train fit --save` on a small tmpfs filled to different levels, so that the disk fills while
/// writing run.json, metrics.csv, epochs.csv, plot.svg or the checkpoint: every time the command
/// fails with an error saying the disk is full and naming the file, an earlier run on the same
/// disk is untouched, and no half-written file or temporary file is left (run.json is the last
/// good one). Needs root (to mount); skipped with a printed reason otherwise.
final class FullDiskTests: XCTestCase {
    private let pageSize = 4096

    func testFullDiskStopsWithAClearErrorAndLeavesWholeFiles() throws {
        #if os(Linux)
        let dir = try CommandRunner.temporaryDirectory(self)
        let disk = dir.appendingPathComponent("disk")
        try mountSmallDisk(at: disk, size: "1m")
        defer { _ = try? tool("/bin/umount", [disk.path]) }
        let runs = disk.appendingPathComponent("runs")
        let checkpoint = disk.appendingPathComponent("model.ckpt")
        let arguments = ["fit", "--epochs", "2", "--batch-size", "4", "--lr", "0.01", "--dataset", "synthetic",
                         "--synthetic-count", "512", "--quiet", "--model-config", "{\"hiddenSizes\": [16]}",
                         "--save", checkpoint.path, "--out", runs.path]

        // An earlier run on the same disk, which no failure may touch.
        let earlier = try CommandRunner.run("train", ["lr-find", "--iterations", "10", "--dataset", "synthetic",
                                                      "--synthetic-count", "512", "--quiet", "--out", runs.path])
        XCTAssertEqual(earlier.status, 0, earlier.stderr)
        let earlierFiles = try snapshot(runs)
        let earlierFolders = Set(earlierFiles.keys.map { String($0.split(separator: "/")[0]) })

        // The whole command with room to spare, for the space it needs.
        let complete = try CommandRunner.run("train", arguments)
        XCTAssertEqual(complete.status, 0, complete.stderr)
        let checkpointPages = try pages(of: checkpoint.path)
        try clear(disk, keeping: earlierFolders)
        let used = try usedPages(disk)

        var failedFiles: [String: [Int]] = [:]
        var free = 0
        var succeeded = false
        while !succeeded, free < 80 {
            let result = try runFilled(disk, freePages: free, arguments)
            succeeded = result.status == 0
            if !succeeded {
                let file = try check(result, disk: disk, runs: runs, freePages: free)
                print("FullDiskTests: \(free) free pages, status \(result.status): "
                      + result.stderr.split(separator: "\n").joined(separator: " | ").replacingOccurrences(of: disk.path, with: "<disk>"))
                failedFiles[file, default: []].append(free)
            }
            // Once the run itself fits, skip to half the checkpoint short.
            let runFitted = !succeeded && failedFiles["model.ckpt"] != nil
            free += runFitted ? max(1, checkpointPages / 2) : 1
            try clear(disk, keeping: earlierFolders)
            XCTAssertEqual(try snapshot(runs).filter { earlierFolders.contains(String($0.key.split(separator: "/")[0])) },
                           earlierFiles, "the earlier run is untouched")
            XCTAssertEqual(try usedPages(disk), used)
        }
        print("FullDiskTests: free pages at which each file hit the full disk: "
              + failedFiles.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
        XCTAssertTrue(succeeded, "the command succeeds once it has room")
        for file in ["run.json", "metrics.csv", "plot.svg", "model.ckpt"] {
            XCTAssertNotNil(failedFiles[file], "some level fills the disk while writing \(file): \(failedFiles)")
        }
        #else
        throw XCTSkip("tmpfs mounts are Linux only")
        #endif
    }

    /// A sweep on a disk too small for it fails with status 1 and says the disk is full, also when
    /// its own standard error goes to that disk (then the message is lost, not the status).
    func testASweepOnAFullDiskEndsWithStatus1EvenWhenItsLogIsOnThatDisk() throws {
        #if os(Linux)
        let dir = try CommandRunner.temporaryDirectory(self)
        let disk = dir.appendingPathComponent("disk")
        try mountSmallDisk(at: disk, size: "64k")
        defer { _ = try? tool("/bin/umount", [disk.path]) }
        let runs = disk.appendingPathComponent("runs")
        let arguments = ["lr-find", "--dataset", "synthetic", "--synthetic-count", "512", "--batch-sizes", "8,16",
                         "--seeds", "0,1", "--iterations", "100", "--jobs", "2", "--out", runs.path]

        let logged = try CommandRunner.run("train", arguments)
        XCTAssertEqual(logged.status, 1, logged.stderr)
        XCTAssertTrue(logged.stderr.contains("disk is full") && logged.stderr.contains(runs.path), logged.stderr)
        let findings = RunFolderChecks.check(runs: runs)
        XCTAssertEqual(findings.problems, [])
        XCTAssertEqual(findings.leftoverTemporaries, [])

        try FileManager.default.removeItem(at: runs)
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("train")
        process.arguments = arguments
        let log = disk.appendingPathComponent("train.log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "no crash when the log cannot be written")
        XCTAssertEqual(process.terminationStatus, 1)
        #else
        throw XCTSkip("tmpfs mounts are Linux only")
        #endif
    }

    /// Runs `arguments` with `freePages` pages left on `disk`; the result.
    private func runFilled(_ disk: URL, freePages: Int, _ arguments: [String]) throws -> CommandRunner.Result {
        let filler = disk.appendingPathComponent("filler").path
        let fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let block = [UInt8](repeating: 0, count: pageSize)
        var filled = 0
        while block.withUnsafeBytes({ write(fd, $0.baseAddress!, pageSize) }) == pageSize { filled += pageSize }
        XCTAssertEqual(errno, ENOSPC)
        XCTAssertEqual(ftruncate(fd, off_t(max(0, filled - freePages * pageSize))), 0)
        close(fd)
        return try CommandRunner.run("train", arguments)
    }

    /// Checks a command that hit the full disk; the name of the file it names.
    private func check(_ result: CommandRunner.Result, disk: URL, runs: URL, freePages: Int) throws -> String {
        let context = "with \(freePages) free pages: \(result.stderr)"
        XCTAssertNotEqual(result.status, 0, context)
        XCTAssertTrue(result.stderr.contains("disk is full"), context)
        XCTAssertFalse(result.stderr.contains(".tmp-"), "the error names the final file, not its temporary one: \(context)")
        let findings = RunFolderChecks.check(runs: runs)
        XCTAssertEqual(findings.problems, [], context)
        XCTAssertEqual(findings.leftoverTemporaries, [], "a failed write removes its temporary file \(context)")
        for (name, manifest) in findings.manifests {
            XCTAssertTrue(["running", "failed", "completed"].contains(manifest["status"] as? String ?? ""), "\(name) \(context)")
        }
        for entry in try FileManager.default.contentsOfDirectory(atPath: disk.path) {
            XCTAssertFalse(entry.contains(".tmp"), "\(entry) \(context)")
        }
        // The file the error names (the first path on the disk it mentions).
        let named = result.stderr.components(separatedBy: "'").first { $0.hasPrefix(disk.path) }
            ?? result.stderr.components(separatedBy: " ").first { $0.hasPrefix(disk.path) }
        let path = try XCTUnwrap(named, "the error names a file on the full disk: \(context)")
        return (path.trimmingCharacters(in: CharacterSet(charactersIn: ":")) as NSString).lastPathComponent
    }

    /// Every file under `folder` (relative path) with its bytes.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return files }
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                files[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }

    /// Removes everything on `disk` but the run folders `kept`.
    private func clear(_ disk: URL, keeping kept: Set<String>) throws {
        for entry in try FileManager.default.contentsOfDirectory(atPath: disk.path) where entry != "runs" {
            try FileManager.default.removeItem(at: disk.appendingPathComponent(entry))
        }
        let runs = disk.appendingPathComponent("runs")
        for entry in try FileManager.default.contentsOfDirectory(atPath: runs.path) where !kept.contains(entry) {
            try FileManager.default.removeItem(at: runs.appendingPathComponent(entry))
        }
    }

    private func pages(of path: String) throws -> Int {
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        return (size + pageSize - 1) / pageSize
    }

    private func usedPages(_ disk: URL) throws -> Int {
        var info = statvfs()
        XCTAssertEqual(statvfs(disk.path, &info), 0)
        return Int(info.f_blocks - info.f_bfree) * Int(info.f_frsize) / pageSize
    }

    /// Mounts a tmpfs of `size` at `folder`, or skips the test saying why.
    private func mountSmallDisk(at folder: URL, size: String) throws {
        guard getuid() == 0 else {
            print("FullDiskTests: skipped: mounting a tmpfs needs root")
            throw XCTSkip("mounting a tmpfs needs root")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mounted = try tool("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "lrlab-full-disk", folder.path])
        guard mounted.status == 0 else {
            print("FullDiskTests: skipped: mount is not permitted here: \(mounted.output)")
            throw XCTSkip("mount is not permitted here: \(mounted.output)")
        }
    }

    private func tool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try CommandRunner.run(path, arguments)
        return (result.status, result.stdout + result.stderr)
    }
}
