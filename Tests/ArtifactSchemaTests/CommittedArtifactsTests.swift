import ArtifactSchema
import Foundation
import XCTest

/// Every run.json and group.json committed under Content/runs (written by the recorders and the
/// sweep of their day) decodes, and writing it back gives the same bytes.
final class CommittedArtifactsTests: XCTestCase {
    static let runsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Content/runs")

    /// The files named `name` one folder below Content/runs.
    static func committed(_ name: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: runsFolder.path).sorted()
            .map { runsFolder.appendingPathComponent($0).appendingPathComponent(name) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    func testEveryCommittedRunManifestDecodesAndIsWrittenBackByteForByte() throws {
        let files = try Self.committed(RunFiles.manifest)
        XCTAssertGreaterThanOrEqual(files.count, 50, "the content's runs were not found in \(Self.runsFolder.path)")
        for file in files {
            let bytes = try Data(contentsOf: file)
            let manifest = try XCTUnwrap(try? RunManifest.decode(from: bytes), file.path)
            XCTAssertEqual(manifest.id, file.deletingLastPathComponent().lastPathComponent)
            XCTAssertNotNil(manifest.kind, file.path)
            XCTAssertNotNil(manifest.seed, file.path)
            XCTAssertFalse(manifest.model.groups.isEmpty, file.path)
            XCTAssertEqual(manifest.extra, [:], "\(file.path) has members the schema does not model")
            XCTAssertEqual(try manifest.jsonText(), String(decoding: bytes, as: UTF8.self), file.path)
        }
    }

    func testEveryCommittedGroupManifestDecodesAndIsWrittenBackByteForByte() throws {
        let files = try Self.committed(GroupFiles.manifest)
        XCTAssertGreaterThanOrEqual(files.count, 3, "the content's sweeps were not found in \(Self.runsFolder.path)")
        for file in files {
            let bytes = try Data(contentsOf: file)
            let manifest = try XCTUnwrap(try? GroupManifest.decode(from: bytes), file.path)
            XCTAssertEqual(manifest.id, file.deletingLastPathComponent().lastPathComponent)
            XCTAssertEqual(manifest.charts, .standard, file.path)
            XCTAssertFalse(manifest.runs.isEmpty, file.path)
            XCTAssertNotNil(manifest.scaling["valley"]?.fit, file.path)
            XCTAssertEqual(manifest.extra, [:], "\(file.path) has members the schema does not model")
            XCTAssertEqual(try manifest.jsonText(), String(decoding: bytes, as: UTF8.self), file.path)
        }
    }
}
