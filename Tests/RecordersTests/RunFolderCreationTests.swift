#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArtifactSchema
import Foundation
import XCTest
@testable import Recorders

/// A run folder appears with its run.json (status `running`) already complete inside, so a
/// process killed at any moment never leaves a run folder without a manifest.
final class RunFolderCreationTests: XCTestCase {
    private let info = RunInfo(kind: .fit, model: "tiny-mlp", commandLine: ["train", "fit"], batchSize: 4, seed: 7,
                               optimizer: ["kind": "sgd"], schedule: ["kind": "constant", "lr": 0.05])

    private func folder() throws -> String {
        let path = try TinyRun.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A writer that records, at each `write(2)`, whether `folder` exists yet, and fails with
    /// ENOSPC when `failing`.
    private final class Watch: @unchecked Sendable {
        var folderExistedDuringWrite: [Bool] = []
        var otherExistedDuringWrite: [Bool] = []
    }

    private func watchingWriter(_ folder: String, _ watch: Watch, other: String? = nil, failing: Bool = false) -> ArtifactWriter {
        var writer = ArtifactWriter()
        writer.writeCall = { fd, buffer, count in
            watch.folderExistedDuringWrite.append(access(folder, F_OK) == 0)
            if let other { watch.otherExistedDuringWrite.append(access(other, F_OK) == 0) }
            if failing {
                errno = ENOSPC
                return -1
            }
            return systemWrite(fd, buffer, count)
        }
        return writer
    }

    func testTheFolderAppearsWithARunningManifest() throws {
        let out = try folder()
        let watch = Watch()
        let run = try RunDirectory.create(in: out, run: info, writer: watchingWriter(out + "/" + info.runID, watch))
        XCTAssertEqual(watch.folderExistedDuringWrite, [false], "run.json is written before the folder has its name")
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.path(for: RunFiles.manifest))))
        XCTAssertEqual(manifest.status, .running)
        XCTAssertFalse(manifest.complete)
        XCTAssertEqual(manifest.id, info.runID)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [info.runID], "no staging folder left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: run.path), [RunFiles.manifest])
    }

    func testWhatKilledProcessesLeftIsRemovedAndNothingElse() throws {
        let out = try folder()
        let host = ArtifactWriter.hostName
        // A pid above Linux's largest (2^22) belongs to no process; our parent's runs.
        let dead = 99_999_999, alive = Int(getppid())
        let abandoned = [".lrfind-a.tmp-\(host)-\(dead)", ".run.json.tmp-\(host)-\(dead)"]
        let kept = [".lrfind-b.tmp-\(host)-\(alive)", ".lrfind-c.tmp-other-machine-\(dead)", ".lrfind-d.tmp-\(host)-x",
                    "lrfind-e.tmp-\(host)-\(dead)", ".notes"]
        try FileManager.default.createDirectory(atPath: out + "/" + abandoned[0], withIntermediateDirectories: false)
        XCTAssertTrue(FileManager.default.createFile(atPath: out + "/" + abandoned[0] + "/run.json", contents: Data("{".utf8)))
        XCTAssertTrue(FileManager.default.createFile(atPath: out + "/" + abandoned[1], contents: Data("{".utf8)))
        for name in kept { XCTAssertTrue(FileManager.default.createFile(atPath: out + "/" + name, contents: Data())) }
        let run = try RunDirectory.create(in: out, run: info)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), (kept + [run.id]).sorted())
        // Inside a reused folder too.
        XCTAssertTrue(FileManager.default.createFile(atPath: run.path + "/.metrics.csv.tmp-\(host)-\(dead)", contents: Data("x".utf8)))
        _ = try RunDirectory.create(in: out, id: run.id, collision: .reuse)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: run.path), [RunFiles.manifest])
    }

    func testACollisionGetsASuffixAndLeavesTheEarlierRun() throws {
        let out = try folder()
        let first = try RunDirectory.create(in: out, run: info)
        try first.write("{\"earlier\": true}", to: RunFiles.manifest)
        let second = try RunDirectory.create(in: out, run: info)
        XCTAssertEqual(second.id, info.runID + "-2")
        XCTAssertEqual(try String(contentsOfFile: first.path(for: RunFiles.manifest), encoding: .utf8), "{\"earlier\": true}")
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: second.path(for: RunFiles.manifest))))
        XCTAssertEqual(manifest.id, info.runID + "-2", "the manifest names the id actually used")
    }

    func testARestartReplacesTheManifestBeforeRemovingTheRest() throws {
        let out = try folder()
        let earlier = try RunDirectory.create(in: out, run: info)
        try earlier.write("{\"earlier\": true}", to: RunFiles.manifest)
        try earlier.write("iteration\n1\n", to: RunFiles.metrics)
        let watch = Watch()
        let writer = watchingWriter(earlier.path, watch, other: earlier.path(for: RunFiles.metrics))
        let again = try RunDirectory.create(in: out, run: info, collision: .restart, writer: writer)
        XCTAssertEqual(again.path, earlier.path)
        XCTAssertEqual(watch.otherExistedDuringWrite, [true], "the new run.json is in place before the rest goes")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: again.path), [RunFiles.manifest])
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: again.path(for: RunFiles.manifest))))
        XCTAssertEqual(manifest.status, .running)
    }

    func testAFullDiskLeavesNoFolderAndNamesTheManifest() throws {
        let out = try folder()
        let watch = Watch()
        XCTAssertThrowsError(try RunDirectory.create(in: out, run: info, writer: watchingWriter(out, watch, failing: true))) { error in
            XCTAssertEqual((error as? ArtifactError)?.code, ENOSPC)
            XCTAssertEqual((error as? ArtifactError)?.path, out + "/" + info.runID + "/run.json", "\(error)")
            XCTAssertTrue("\(error)".contains("disk is full"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [], "neither the folder nor its staging copy")
    }
}
