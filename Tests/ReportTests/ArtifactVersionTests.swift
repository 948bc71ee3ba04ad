import ArtifactSchema
import Foundation
@testable import Report
import XCTest

/// A run or group written by a newer LRLab stops the build with the file and what to do.
final class ArtifactVersionTests: XCTestCase {
    func testRunFromANewerLRLabNamesTheFileAndSaysToUpdate() throws {
        let fixture = try SiteFixture.standard()
        let file = fixture.content.appendingPathComponent("runs/lrfind-mlp-bs16-s0-0a0b0c/run.json")
        var manifest = try RunManifest.decode(from: Data(contentsOf: file))
        manifest.formatVersion = ArtifactFormat.run.version + 1
        try Data(try manifest.jsonText().utf8).write(to: file)
        let error = fixture.buildError()
        XCTAssertEqual(error, .newerArtifact(file: file.path, format: "lrlab-run", version: ArtifactFormat.run.version + 1,
                                             supported: ArtifactFormat.run.version))
        let message = "\(error.map(String.init(describing:)) ?? "")"
        XCTAssertTrue(message.hasPrefix(file.path + ": written by a newer LRLab (lrlab-run version 2)"), message)
        XCTAssertTrue(message.contains("Update LRLab"), message)
    }

    func testGroupFromANewerLRLabNamesTheFile() throws {
        let fixture = try SiteFixture.standard()
        let file = fixture.content.appendingPathComponent("runs/sweep-cnn-2bs-81ac0e/group.json")
        var manifest = try GroupManifest.decode(from: Data(contentsOf: file))
        manifest.formatVersion = ArtifactFormat.group.version + 1
        try Data(try manifest.jsonText().utf8).write(to: file)
        guard case let .newerArtifact(path, format, _, _)? = fixture.buildError() else { return XCTFail("expected a version error") }
        XCTAssertEqual(path, file.path)
        XCTAssertEqual(format, "lrlab-group")
    }

    func testUnknownStatusNamesTheFileAndTheMember() throws {
        let fixture = try SiteFixture.standard()
        let file = fixture.content.appendingPathComponent("runs/lrfind-mlp-bs16-s0-0a0b0c/run.json")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "\"status\" : \"completed\"", with: "\"status\" : \"paused\"")
        try Data(text.utf8).write(to: file)
        guard case let .runArtifact(path, problem)? = fixture.buildError() else { return XCTFail("expected an artifact error") }
        XCTAssertEqual(path, file.path)
        XCTAssertTrue(problem.contains("`status` is `paused`"), problem)
    }
}
